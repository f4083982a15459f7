using Basalt.Metadata.Model;

namespace Basalt.Metadata.MemDs;

/// <summary>The published structures readers walk without locks.</summary>
public sealed partial class MemDsStore
{
    /// <summary>A table's ranges: starts and partitions, index for index, ordered by start. Never mutated once published.</summary>
    private sealed class TableRoutes
    {
        public TableRoutes(PartitionInfo[] partitions)
        {
            Partitions = partitions;
            Starts = new ulong[partitions.Length];
            for (var i = 0; i < partitions.Length; i++)
            {
                Starts[i] = partitions[i].Range.Lo;
            }
        }

        public ulong[] Starts { get; }

        public PartitionInfo[] Partitions { get; }
    }

    /// <summary>One table: its entry and ranges, each replaced whole by a change to it.</summary>
    private sealed class TableSlot(TableInfo info, TableRoutes routes)
    {
        private volatile TableInfo info = info;
        private volatile TableRoutes routes = routes;

        public TableInfo Info
        {
            get => info;
            set => info = value;
        }

        public TableRoutes Routes
        {
            get => routes;
            set => routes = value;
        }
    }

    /// <summary>
    /// Tables by id and by name, and nodes: replaced whole when a table or node comes or goes
    /// (rare), while a partition change replaces only its table's <see cref="TableRoutes"/>.
    /// </summary>
    private sealed class Catalog(Dictionary<ulong, TableSlot> byId, Dictionary<(string, string), TableSlot> byName, Dictionary<ulong, NodeInfo> nodes)
    {
        public static Catalog Empty { get; } = new([], [], []);

        public Dictionary<ulong, TableSlot> ById { get; } = byId;

        public Dictionary<(string, string), TableSlot> ByName { get; } = byName;

        public Dictionary<ulong, NodeInfo> Nodes { get; } = nodes;
    }
}
