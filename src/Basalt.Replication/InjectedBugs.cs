namespace Basalt.Replication;

/// <summary>
/// Deliberate violations of the protocol. They exist only so the deterministic simulator can show
/// it catches real bugs; nothing outside tests sets them.
/// </summary>
[Flags]
internal enum InjectedBugs
{
    None = 0,

    /// <summary>Followers acknowledge appended entries without asking the host to sync them first.</summary>
    AckBeforeFsync = 1 << 0,

    /// <summary>A granted vote is not part of the hard state handed to the host, so it is never persisted.</summary>
    VoteNotPersisted = 1 << 1,

    /// <summary>A leader treats its lease as valid without a quorum having acknowledged it recently.</summary>
    LeaseWithoutQuorum = 1 << 2,

    /// <summary>A leader commits entries of earlier terms by counting replicas (Raft paper Figure 8).</summary>
    CommitOldTerm = 1 << 3,

    /// <summary>Log replicas campaign and may lead.</summary>
    LogReplicaCampaigns = 1 << 4,

    /// <summary>The lease lasts the full election timeout: clock drift is ignored.</summary>
    LeaseWithoutDriftBound = 1 << 5,
}
