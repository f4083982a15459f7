using Basalt.Metadata.Commands;
using Basalt.Metadata.Events;
using Basalt.Metadata.Group;
using Basalt.Metadata.StateMachine;

namespace Basalt.Metadata.Tests.MemDs;

/// <summary>
/// A partition map and every event it produced, serving as a change source that holds only the
/// events from <see cref="OldestHeld"/> on (older readers are told to resync).
/// </summary>
internal sealed class RecordedMap : IMapChangeSource
{
    public PartitionMap Map { get; } = new();

    public List<MapEvent> Events { get; } = [];

    public ulong OldestHeld { get; set; } = 1;

    public int SnapshotReads { get; private set; }

    public RecordedMap Apply(IEnumerable<MetaCommand> commands)
    {
        foreach (var c in commands)
        {
            Events.AddRange(Map.Apply(c).Events);
        }

        return this;
    }

    public ValueTask<MapChangeBatch> ReadAsync(ulong afterVersion, int max, CancellationToken cancellationToken = default)
    {
        var truncated = afterVersion + 1 < OldestHeld && afterVersion < Map.Version;
        IReadOnlyList<MapEvent> events = truncated ? [] : [.. Events.Where(e => e.Version > afterVersion).Take(max)];
        return ValueTask.FromResult(new MapChangeBatch(truncated, events, Map.Version));
    }

    public ValueTask<ReadOnlyMemory<byte>> SnapshotAsync(CancellationToken cancellationToken = default)
    {
        SnapshotReads++;
        return ValueTask.FromResult<ReadOnlyMemory<byte>>(Map.Snapshot());
    }
}
