namespace Basalt.Replication;

/// <summary>
/// A batch of work for the host. Handle it in this order, then call <see cref="RaftNode.Advance"/>:
/// 1. persist <see cref="Snapshot"/>, <see cref="Entries"/> (replacing any persisted entries from the
///    first one's index on) and <see cref="HardState"/>; when <see cref="MustSync"/>, sync them to disk;
/// 2. send <see cref="Messages"/> (they may depend on step 1 being durable);
/// 3. install <see cref="Snapshot"/> in the state machine, apply <see cref="CommittedEntries"/>, and
///    serve each <see cref="ReadStates"/> read once applied through its index.
/// </summary>
public sealed class Ready
{
    /// <summary>The hard state to persist, when it changed.</summary>
    public HardState? HardState { get; init; }

    /// <summary>Entries to persist.</summary>
    public IReadOnlyList<Entry> Entries { get; init; } = [];

    /// <summary>A snapshot received from the leader, to persist and install.</summary>
    public Snapshot? Snapshot { get; init; }

    /// <summary>
    /// The <see cref="Snapshot"/> is a state-machine image installed under a log the node keeps (a log
    /// replica being built into a full one): replace the state machine, not the log.
    /// </summary>
    public bool SnapshotKeepsLog { get; init; }

    /// <summary>Whether the writes must reach stable storage before <see cref="Messages"/> go out.</summary>
    public bool MustSync { get; init; }

    /// <summary>Messages to send.</summary>
    public IReadOnlyList<Message> Messages { get; init; } = [];

    /// <summary>Committed entries to apply, in order (including empty no-ops and configuration entries).</summary>
    public IReadOnlyList<Entry> CommittedEntries { get; init; } = [];

    /// <summary>Confirmed linearizable reads.</summary>
    public IReadOnlyList<ReadState> ReadStates { get; init; } = [];

    /// <summary>Who leads and what this node is, as of this Ready.</summary>
    public SoftState SoftState { get; init; }

    /// <summary>Whether the leader or this node's role changed since the previous Ready.</summary>
    public bool SoftStateChanged { get; init; }
}
