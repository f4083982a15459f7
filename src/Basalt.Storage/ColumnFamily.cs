namespace Basalt.Storage;

/// <summary>The key spaces of a storage engine; each one is ordered independently (bytewise).</summary>
public enum ColumnFamily
{
    /// <summary>Items of every partition replica hosted by the node.</summary>
    Data,

    /// <summary>Raft log entries and hard state of every replication group.</summary>
    Log,

    /// <summary>Applied indexes, snapshots and other local metadata.</summary>
    Meta,
}
