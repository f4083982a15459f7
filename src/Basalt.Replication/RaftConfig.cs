namespace Basalt.Replication;

/// <summary>Settings of one Raft node. Times are in ticks of the host's clock.</summary>
public sealed class RaftConfig
{
    /// <summary>This node's id (non-zero).</summary>
    public required ulong Id { get; init; }

    /// <summary>
    /// Base election timeout: a follower campaigns after a random timeout in [ElectionTicks, 2×ElectionTicks)
    /// without hearing from a leader, and a node that heard from a leader within ElectionTicks refuses
    /// to vote for anyone else (the follower half of the lease).
    /// </summary>
    public int ElectionTicks { get; init; } = 10;

    /// <summary>How often a leader sends heartbeats.</summary>
    public int HeartbeatTicks { get; init; } = 1;

    /// <summary>
    /// Bound on how many ticks clocks may drift apart over one election timeout. A leader's lease
    /// lasts ElectionTicks − 1 − LeaseDriftTicks ticks (one tick for tick granularity) from the send
    /// time of the latest request a quorum acknowledged.
    /// </summary>
    public int LeaseDriftTicks { get; init; } = 2;

    /// <summary>Serve linearizable reads from the lease (no round trip) when it is valid.</summary>
    public bool LeaseReads { get; init; } = true;

    /// <summary>Run a pre-vote round before campaigning (a partitioned node cannot disrupt the group).</summary>
    public bool PreVote { get; init; } = true;

    /// <summary>A leader steps down when it has not heard from a quorum within an election timeout.</summary>
    public bool CheckQuorum { get; init; } = true;

    /// <summary>Upper bound on the entry bytes in one Append (at least one entry is always sent).</summary>
    public long MaxAppendBytes { get; init; } = 64 * 1024;

    /// <summary>Maximum Appends in flight to one follower in the replicate state.</summary>
    public int MaxInflightMessages { get; init; } = 64;

    /// <summary>Maximum entry bytes in flight to one follower.</summary>
    public long MaxInflightBytes { get; init; } = 8L * 1024 * 1024;

    /// <summary>Bytes of snapshot data per snapshot message.</summary>
    public int MaxSnapshotChunkBytes { get; init; } = 256 * 1024;

    /// <summary>Deliberate protocol bugs, for showing that the simulator catches them. Never set in production.</summary>
    internal InjectedBugs Bugs { get; init; }

    /// <summary>Ticks a lease lasts after the send time of the requests that a quorum acknowledged.</summary>
    internal int LeaseTicks => Bugs.HasFlag(InjectedBugs.LeaseWithoutDriftBound) ? ElectionTicks : ElectionTicks - 1 - LeaseDriftTicks;

    /// <summary>Throws when the settings are inconsistent.</summary>
    public void Validate()
    {
        if (Id == 0)
        {
            throw new ArgumentException("Id 0 is reserved.");
        }

        if (HeartbeatTicks <= 0 || ElectionTicks <= HeartbeatTicks)
        {
            throw new ArgumentException("Need 0 < HeartbeatTicks < ElectionTicks.");
        }

        if (LeaseDriftTicks < 0 || LeaseDriftTicks >= ElectionTicks - 1)
        {
            throw new ArgumentException("Need 0 <= LeaseDriftTicks < ElectionTicks - 1.");
        }

        if (MaxAppendBytes <= 0 || MaxInflightMessages <= 0 || MaxInflightBytes <= 0 || MaxSnapshotChunkBytes <= 0)
        {
            throw new ArgumentException("Flow-control limits must be positive.");
        }
    }
}
