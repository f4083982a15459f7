namespace Basalt.Replication;

/// <summary>Why a proposal was or was not appended.</summary>
public enum ProposeStatus
{
    /// <summary>Appended to the leader's log at the returned index; it commits or is lost with leadership.</summary>
    Accepted,

    /// <summary>This node does not lead; try <see cref="RaftNode.Leader"/>.</summary>
    NotLeader,

    /// <summary>A leadership transfer is in progress; retry shortly.</summary>
    TransferInProgress,

    /// <summary>A membership change is still uncommitted, or the leader has not yet committed in its term.</summary>
    ConfigChangePending,

    /// <summary>The membership change is not allowed (see the message).</summary>
    InvalidConfigChange,
}

/// <summary>The result of a proposal.</summary>
public readonly record struct ProposeOutcome(ProposeStatus Status, ulong Index, ulong Term, string? Error = null)
{
    /// <summary>Whether the proposal entered the log.</summary>
    public bool Accepted => Status == ProposeStatus.Accepted;
}

/// <summary>How a read request was handled.</summary>
public enum ReadIndexStatus
{
    /// <summary>Served from the lease: a <see cref="ReadState"/> is in the next Ready, no round trip.</summary>
    Lease,

    /// <summary>Waiting for a quorum to confirm leadership; a <see cref="ReadState"/> follows (or the read is dropped on step-down).</summary>
    Pending,

    /// <summary>This node cannot serve linearizable reads (not the leader, or a log replica).</summary>
    NotLeader,
}

/// <summary>How a leadership-transfer request was handled.</summary>
public enum TransferStatus
{
    /// <summary>Transfer started (or the target is already leader).</summary>
    Started,

    /// <summary>This node does not lead.</summary>
    NotLeader,

    /// <summary>The target is not a full voter.</summary>
    InvalidTarget,
}
