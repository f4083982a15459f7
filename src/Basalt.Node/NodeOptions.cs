namespace Basalt.Node;

/// <summary>Timing of a storage node's replicas, in ticks of the node's clock.</summary>
public sealed record NodeOptions
{
    /// <summary>Real time per tick (the runner's timer).</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Ticks without a leader before a follower campaigns (randomised up to twice this).</summary>
    public int ElectionTicks { get; init; } = 10;

    /// <summary>Applied entries a leader keeps in its log before dropping those every member holds.</summary>
    public ulong LogCompactionThreshold { get; init; } = 4096;

    /// <summary>Bytes of a data snapshot per Raft message (a new or rebuilt replica receives its items in chunks of this size).</summary>
    public int SnapshotChunkBytes { get; init; } = 256 * 1024;

    /// <summary>Ticks between a leader's heartbeats.</summary>
    public int HeartbeatTicks { get; init; } = 1;

    /// <summary>
    /// Whether replicas write their Raft log and hard state to the node's storage (to find them again
    /// after a restart). False only for storage that does not outlive the process (`serve --in-memory`):
    /// there is no restart to recover for, so the log stays in memory and a write costs one storage
    /// write (its item) instead of three (log entry, its later deletion, item).
    /// </summary>
    public bool PersistsLog { get; init; } = true;
}
