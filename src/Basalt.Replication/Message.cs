namespace Basalt.Replication;

/// <summary>
/// A message between two nodes of one group. Immutable once built, so a network (or a simulator)
/// may deliver the same instance more than once.
/// </summary>
public sealed class Message
{
    /// <summary>What the message is.</summary>
    public required MessageType Type { get; init; }

    /// <summary>Sender.</summary>
    public required ulong From { get; init; }

    /// <summary>Recipient.</summary>
    public required ulong To { get; init; }

    /// <summary>The sender's term (for PreVote and a granted PreVoteResponse: the term campaigned for).</summary>
    public required ulong Term { get; init; }

    /// <summary>Append: term of the entry at Index. Vote: term of the candidate's last entry. Reject: hint term.</summary>
    public ulong LogTerm { get; init; }

    /// <summary>Append: index preceding Entries. Vote: the candidate's last index. Response: the index acknowledged or rejected.</summary>
    public ulong Index { get; init; }

    /// <summary>Entries carried by an Append.</summary>
    public IReadOnlyList<Entry> Entries { get; init; } = [];

    /// <summary>The sender's commit index (for a heartbeat: as far as the recipient can commit).</summary>
    public ulong Commit { get; init; }

    /// <summary>Heartbeat: an index every member holds durably (see <see cref="RaftNode.SafeCompactIndex"/>).</summary>
    public ulong CompactHint { get; init; }

    /// <summary>Whether a response refuses the request.</summary>
    public bool Reject { get; init; }

    /// <summary>Append rejection: the follower's hint of where the logs may match.</summary>
    public ulong RejectHint { get; init; }

    /// <summary>Vote requests from a leader transfer: grant despite a current lease.</summary>
    public bool Force { get; init; }

    /// <summary>Leader's local tick when it sent the request (echoed by responses; leases count from it).</summary>
    public long SentTick { get; init; }

    /// <summary>Leader's read round when it sent the request (echoed by responses; 0 = none).</summary>
    public ulong Seq { get; init; }

    /// <summary>Snapshot chunk: what the snapshot covers.</summary>
    public SnapshotMetadata? Snapshot { get; init; }

    /// <summary>Snapshot chunk: offset of <see cref="Data"/>. SnapshotResponse: the next offset wanted.</summary>
    public long SnapshotOffset { get; init; }

    /// <summary>Snapshot chunk: total bytes of the snapshot.</summary>
    public long SnapshotSize { get; init; }

    /// <summary>Snapshot chunk: the bytes.</summary>
    public ReadOnlyMemory<byte> Data { get; init; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Type} {From}->{To} t{Term} idx={Index} lt={LogTerm} n={Entries.Count} c={Commit}{(Reject ? " reject hint=" + RejectHint : "")}{(Force ? " force" : "")}";
}
