using Basalt.Metadata.Commands;
using Basalt.Metadata.Events;
using Basalt.Metadata.Model;

namespace Basalt.Metadata.StateMachine;

/// <summary>Leader hints, replica replacement and splits.</summary>
public sealed partial class PartitionMap
{
    private ApplyResult Apply(SetLeader c)
    {
        if (!TryGroup(c.GroupId, out var table, out var index, out var p))
        {
            return ApplyResult.Reject($"group {c.GroupId} does not exist");
        }

        if (p.ReplicaOn(c.NodeId) is not { Kind: ReplicaKind.Full })
        {
            return ApplyResult.Reject($"node {c.NodeId} holds no full replica of group {c.GroupId}");
        }

        if (p.LeaderHint == c.NodeId)
        {
            return ApplyResult.Unchanged;
        }

        return Replace(table, index, p with { LeaderHint = c.NodeId, Version = NextVersion() });
    }

    private ApplyResult Apply(ReplaceReplica c)
    {
        if (!TryGroup(c.GroupId, out var table, out var index, out var p))
        {
            return ApplyResult.Reject($"group {c.GroupId} does not exist");
        }

        if (p.ReplicaOn(c.From) is not { } old)
        {
            return ApplyResult.Reject($"node {c.From} holds no replica of group {c.GroupId}");
        }

        if (!nodes.TryGetValue(c.To, out var target))
        {
            return ApplyResult.Reject($"node {c.To} is not registered");
        }

        if (c.From == c.To && old.Kind == c.Kind)
        {
            return ApplyResult.Unchanged;
        }

        var others = p.Replicas.Where(r => r.NodeId != c.From).ToList();
        if (others.Any(r => r.NodeId == c.To))
        {
            return ApplyResult.Reject($"node {c.To} already holds a replica of group {c.GroupId}");
        }

        if (others.Any(r => string.Equals(r.Zone, target.Zone, StringComparison.Ordinal)))
        {
            return ApplyResult.Reject($"group {c.GroupId} already has a replica in zone {target.Zone}");
        }

        others.Add(new ReplicaInfo(target.Id, target.Zone, c.Kind));
        var leader = p.LeaderHint == c.From && (c.From != c.To || c.Kind != ReplicaKind.Full) ? 0 : p.LeaderHint;
        return Replace(table, index, p with
        {
            Replicas = [.. others.OrderBy(r => r.NodeId)],
            LeaderHint = leader,
            Version = NextVersion(),
        });
    }

    private ApplyResult Apply(SplitPartition c)
    {
        if (!TryGroup(c.GroupId, out var table, out var index, out var p))
        {
            return ApplyResult.Reject($"group {c.GroupId} does not exist");
        }

        if (c.At <= p.Range.Lo || c.At > p.Range.Last)
        {
            return ApplyResult.Reject($"split point {c.At:x16} is not strictly inside {p.Range}");
        }

        if (table.NextPartitionIndex >= MaxPartitionsPerTable)
        {
            return ApplyResult.Reject($"table {table.Info.Id} has used all {MaxPartitionsPerTable} partition ids");
        }

        var version = NextVersion();
        var left = p with { Range = new HashRange(p.Range.Lo, c.At - 1), Version = version };
        var right = p with
        {
            GroupId = PartitionInfo.GroupIdOf(table.Info.Id, table.NextPartitionIndex++),
            Range = new HashRange(c.At, p.Range.Last),
            Version = version,
        };
        table.Partitions[index] = left;
        table.Partitions.Insert(index + 1, right);
        groupTables[right.GroupId] = table;
        return ApplyResult.Of(new PartitionSplit(version, left, right));
    }

    private ApplyResult Replace(TableState table, int index, PartitionInfo updated)
    {
        table.Partitions[index] = updated;
        return ApplyResult.Of(new PartitionChanged(updated.Version, updated));
    }

    private bool TryGroup(ulong groupId, out TableState table, out int index, out PartitionInfo partition)
    {
        if (groupTables.TryGetValue(groupId, out table!))
        {
            index = table.IndexOfGroup(groupId);
            partition = table.Partitions[index];
            return true;
        }

        index = -1;
        partition = null!;
        return false;
    }
}
