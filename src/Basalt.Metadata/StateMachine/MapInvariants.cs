using Basalt.Metadata.Model;

namespace Basalt.Metadata.StateMachine;

/// <summary>The rules every partition map obeys; <see cref="Check"/> names the first one broken.</summary>
public static class MapInvariants
{
    /// <summary>Null when <paramref name="image"/> obeys every rule, else a description of the first broken one.</summary>
    public static string? Check(PartitionMapImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var nodes = new Dictionary<ulong, NodeInfo>();
        ulong previousNode = 0;
        foreach (var node in image.Nodes)
        {
            if (node.Id <= previousNode)
            {
                return $"nodes out of order at {node.Id}";
            }

            previousNode = node.Id;
            nodes[node.Id] = node;
        }

        ulong previousTable = 0;
        var names = new HashSet<(string, string)>();
        var groups = new HashSet<ulong>();
        foreach (var table in image.Tables)
        {
            var info = table.Table;
            if (info.Id <= previousTable || info.Id >= image.NextTableId)
            {
                return $"table id {info.Id} out of order or not below the next id {image.NextTableId}";
            }

            previousTable = info.Id;
            if (!names.Add((info.Region, info.Name)))
            {
                return $"two tables named {info.Region}/{info.Name}";
            }

            if (info.Version > image.Version)
            {
                return $"table {info.Id} has version {info.Version} above the map's {image.Version}";
            }

            var problem = CheckPartitions(table, nodes, groups, image.Version);
            if (problem is not null)
            {
                return $"table {info.Id}: {problem}";
            }
        }

        return null;
    }

    /// <summary>Null when the partitions tile [0, 2⁶⁴) in order and each is well placed.</summary>
    private static string? CheckPartitions(TableImage table, Dictionary<ulong, NodeInfo> nodes, HashSet<ulong> groups, ulong mapVersion)
    {
        var parts = table.Partitions;
        if (parts.IsDefaultOrEmpty)
        {
            return "no partitions";
        }

        UInt128 next = 0;
        foreach (var p in parts)
        {
            if (p.Range.Lo != next)
            {
                return $"range {p.Range} does not start where the previous one ended";
            }

            next = p.Range.Hi;
            if (p.TableId != table.Table.Id || PartitionInfo.TableOf(p.GroupId) != table.Table.Id)
            {
                return $"group {p.GroupId} does not belong to the table";
            }

            if ((int)(p.GroupId & 0xFFFF) >= table.NextPartitionIndex)
            {
                return $"group {p.GroupId} not below the next partition index {table.NextPartitionIndex}";
            }

            if (!groups.Add(p.GroupId))
            {
                return $"group {p.GroupId} appears twice";
            }

            if (p.Version > mapVersion)
            {
                return $"group {p.GroupId} has version {p.Version} above the map's {mapVersion}";
            }

            var problem = CheckReplicas(p, nodes);
            if (problem is not null)
            {
                return $"group {p.GroupId}: {problem}";
            }
        }

        return next == (UInt128)ulong.MaxValue + 1 ? null : "ranges do not reach the end of the hash space";
    }

    private static string? CheckReplicas(PartitionInfo p, Dictionary<ulong, NodeInfo> nodes)
    {
        if (p.Replicas.IsDefaultOrEmpty)
        {
            return "no replicas";
        }

        var zones = new HashSet<string>(StringComparer.Ordinal);
        ulong previous = 0;
        foreach (var r in p.Replicas)
        {
            if (r.NodeId <= previous)
            {
                return "replicas out of order";
            }

            previous = r.NodeId;
            if (!nodes.TryGetValue(r.NodeId, out var node) || !string.Equals(node.Zone, r.Zone, StringComparison.Ordinal))
            {
                return $"replica on node {r.NodeId} that is not registered in zone {r.Zone}";
            }

            if (!zones.Add(r.Zone))
            {
                return $"two replicas in zone {r.Zone}";
            }
        }

        if (p.LeaderHint != 0 && p.ReplicaOn(p.LeaderHint) is not { Kind: ReplicaKind.Full })
        {
            return $"leader hint {p.LeaderHint} is not a full replica";
        }

        return null;
    }
}
