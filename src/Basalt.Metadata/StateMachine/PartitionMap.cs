using Basalt.Metadata.Commands;
using Basalt.Metadata.Model;

namespace Basalt.Metadata.StateMachine;

/// <summary>
/// The table catalog and partition map as a deterministic state machine: the meta group's Raft
/// log feeds it commands, and every replica that applies the same commands holds the same map and
/// produces the same events and snapshot bytes. Each change moves <see cref="Version"/> on by one.
/// Not thread-safe: one applier at a time.
/// </summary>
public sealed partial class PartitionMap
{
    /// <summary>Partition index limit: group ids are tableId &lt;&lt; 16 | index.</summary>
    public const int MaxPartitionsPerTable = 1 << 16;

    /// <summary>Table ids must leave room for the 16 partition bits of a group id.</summary>
    public const ulong MaxTableId = (1UL << 48) - 1;

    private readonly SortedDictionary<ulong, NodeInfo> nodes = [];
    private readonly SortedDictionary<ulong, TableState> tables = [];
    private readonly Dictionary<(string Region, string Name), ulong> names = [];
    private readonly Dictionary<ulong, TableState> groupTables = [];
    private ulong nextTableId = 1;

    /// <summary>The map's version: 0 when empty, then one more per change.</summary>
    public ulong Version { get; private set; }

    /// <summary>Registered nodes by id.</summary>
    public IEnumerable<NodeInfo> Nodes => nodes.Values;

    /// <summary>Tables by id.</summary>
    public IEnumerable<TableInfo> Tables => tables.Values.Select(t => t.Info);

    /// <summary>The table named <paramref name="name"/> in <paramref name="region"/>, if any.</summary>
    public TableInfo? FindTable(string region, string name) =>
        names.TryGetValue((region, name), out var id) ? tables[id].Info : null;

    /// <summary>A table's partitions ordered by range (empty when the table does not exist).</summary>
    public IReadOnlyList<PartitionInfo> PartitionsOf(ulong tableId) =>
        tables.TryGetValue(tableId, out var t) ? t.Partitions.AsReadOnly() : [];

    /// <summary>The partition of group <paramref name="groupId"/>, if any.</summary>
    public PartitionInfo? FindGroup(ulong groupId) =>
        groupTables.TryGetValue(groupId, out var t) ? t.Partitions[t.IndexOfGroup(groupId)] : null;

    /// <summary>How many replicas (full and log) each registered node holds.</summary>
    public Dictionary<ulong, int> ReplicaCounts()
    {
        var counts = nodes.Keys.ToDictionary(id => id, _ => 0);
        foreach (var table in tables.Values)
        {
            foreach (var p in table.Partitions)
            {
                foreach (var r in p.Replicas)
                {
                    counts[r.NodeId]++;
                }
            }
        }

        return counts;
    }

    /// <summary>Decodes and applies a log entry; an entry that does not decode is rejected like an invalid command.</summary>
    public ApplyResult Apply(ReadOnlySpan<byte> entry)
    {
        MetaCommand command;
        try
        {
            command = MetaCommand.Decode(entry);
        }
        catch (InvalidDataException e)
        {
            return ApplyResult.Reject("malformed command: " + e.Message);
        }

        return Apply(command);
    }

    /// <summary>Applies one command: changes the map (and its version) or rejects it, never partly.</summary>
    public ApplyResult Apply(MetaCommand command) => command switch
    {
        RegisterNode c => Apply(c),
        CreateTable c => Apply(c),
        UpdateTable c => Apply(c),
        DeleteTable c => Apply(c),
        SetLeader c => Apply(c),
        ReplaceReplica c => Apply(c),
        SplitPartition c => Apply(c),
        null => throw new ArgumentNullException(nameof(command)),
        _ => throw new ArgumentException($"Unknown command {command.GetType().Name}.", nameof(command)),
    };

    /// <summary>The version the next change will carry.</summary>
    private ulong NextVersion() => ++Version;

    /// <summary>A table's mutable state inside the map.</summary>
    private sealed class TableState(TableInfo info, List<PartitionInfo> partitions, int nextPartitionIndex)
    {
        public TableInfo Info { get; set; } = info;

        /// <summary>Ordered by range; together they tile the hash space.</summary>
        public List<PartitionInfo> Partitions { get; } = partitions;

        public int NextPartitionIndex { get; set; } = nextPartitionIndex;

        public int IndexOfGroup(ulong groupId) => Partitions.FindIndex(p => p.GroupId == groupId);
    }
}
