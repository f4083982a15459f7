using System.Diagnostics.CodeAnalysis;
using Basalt.Metadata.Events;
using Basalt.Metadata.Model;
using Basalt.Metadata.StateMachine;

namespace Basalt.Metadata.MemDs;

/// <summary>
/// MemDS: an in-memory copy of the partition map, fed by its change stream, answering floor and
/// ceiling lookups of a key hash in a table's ranges. Reads take no lock and allocate nothing: every
/// table's ranges are an immutable pair of sorted arrays that a change replaces whole (copy on
/// write), published through a volatile reference. Changes (<see cref="Apply"/>, <see cref="Restore"/>)
/// are serialised among themselves.
/// </summary>
public sealed partial class MemDsStore
{
    private readonly Lock writer = new();
    private volatile Catalog catalog = Catalog.Empty;
    private long version;

    /// <summary>The version of the last change applied (or of the snapshot restored).</summary>
    public ulong Version => (ulong)Volatile.Read(ref version);

    /// <summary>The partition that owns <paramref name="keyHash"/> in the table: the one with the greatest start ≤ the hash.</summary>
    public bool TryFloor(ulong tableId, ulong keyHash, [NotNullWhen(true)] out PartitionInfo? partition)
    {
        if (!catalog.ById.TryGetValue(tableId, out var slot))
        {
            partition = null;
            return false;
        }

        var routes = slot.Routes;
        var i = Floor(routes.Starts, keyHash);
        partition = routes.Partitions[i];
        return true;
    }

    /// <summary>The first partition of the table that starts at or after <paramref name="keyHash"/> (where a range scan continues).</summary>
    public bool TryCeiling(ulong tableId, ulong keyHash, [NotNullWhen(true)] out PartitionInfo? partition)
    {
        partition = null;
        if (!catalog.ById.TryGetValue(tableId, out var slot))
        {
            return false;
        }

        var routes = slot.Routes;
        var i = Floor(routes.Starts, keyHash);
        if (routes.Starts[i] != keyHash)
        {
            i++;
        }

        if (i >= routes.Starts.Length)
        {
            return false;
        }

        partition = routes.Partitions[i];
        return true;
    }

    /// <summary>The table named <paramref name="name"/> in <paramref name="region"/>.</summary>
    public TableInfo? FindTable(string region, string name) =>
        catalog.ByName.TryGetValue((region, name), out var slot) ? slot.Info : null;

    /// <summary>The table with id <paramref name="tableId"/>.</summary>
    public TableInfo? FindTable(ulong tableId) => catalog.ById.TryGetValue(tableId, out var slot) ? slot.Info : null;

    /// <summary>A table's partitions ordered by range (empty when unknown).</summary>
    public IReadOnlyList<PartitionInfo> PartitionsOf(ulong tableId) =>
        catalog.ById.TryGetValue(tableId, out var slot) ? slot.Routes.Partitions : [];

    /// <summary>A registered node.</summary>
    public NodeInfo? FindNode(ulong nodeId) => catalog.Nodes.TryGetValue(nodeId, out var node) ? node : null;

    /// <summary>Index of the greatest start ≤ hash. Starts[0] is always 0, so there is one.</summary>
    private static int Floor(ulong[] starts, ulong hash)
    {
        int lo = 0, hi = starts.Length - 1;
        while (lo < hi)
        {
            var mid = (int)((uint)(lo + hi + 1) >> 1);
            if (starts[mid] <= hash)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }
}
