using Basalt.Metadata.MemDs;
using Basalt.Metadata.Model;

namespace Basalt.Router.Forwarding;

/// <summary>MemDS in the same process: table lookups read a local store.</summary>
public sealed class LocalTableDirectory(MemDsStore store) : ITableDirectory
{
    public ValueTask<TableRoute?> FindAsync(string region, string name, CancellationToken cancellationToken = default)
    {
        var version = store.Version;
        if (store.FindTable(region, name) is not { } table)
        {
            return new ValueTask<TableRoute?>((TableRoute?)null);
        }

        var partitions = store.PartitionsOf(table.Id);
        var nodes = new List<NodeInfo>();
        foreach (var id in partitions.SelectMany(p => p.Replicas).Select(r => r.NodeId).Distinct())
        {
            if (store.FindNode(id) is { } node)
            {
                nodes.Add(node);
            }
        }

        return new ValueTask<TableRoute?>(new TableRoute(table, partitions, nodes, version));
    }
}
