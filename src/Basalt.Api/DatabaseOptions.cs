using Basalt.Api.Indexes;
using Basalt.Node;

namespace Basalt.Api;

/// <summary>Settings of a <see cref="Database"/> beyond its storage.</summary>
public sealed class DatabaseOptions
{
    /// <summary>How often expired items are deleted and stream records trimmed (default 1 minute; infinite = never, tests then call the sweepers).</summary>
    public TimeSpan? SweepInterval { get; init; }

    public long ItemCollectionLimitBytes { get; init; } = ItemCollectionSizes.DefaultLimitBytes;

    /// <summary>How many partitions CreateTable gives a new table (<c>--initial-partitions</c>).</summary>
    public int InitialPartitions { get; init; } = 1;

    /// <summary>The clock of the storage nodes' Raft ticks and request waits (real time unless a test drives it).</summary>
    public TimeProvider NodeClock { get; init; } = TimeProvider.System;

    /// <summary>Raft timing of the storage nodes.</summary>
    public NodeOptions? Node { get; init; }
}
