using Basalt.Metadata.Commands;
using Basalt.Metadata.Events;
using Basalt.Metadata.Model;

namespace Basalt.Metadata.StateMachine;

/// <summary>Creating, redefining and deleting tables.</summary>
public sealed partial class PartitionMap
{
    private ApplyResult Apply(CreateTable c)
    {
        if (string.IsNullOrEmpty(c.Region) || string.IsNullOrEmpty(c.Name))
        {
            return ApplyResult.Reject("a table needs a region and a name");
        }

        if (c.PartitionCount is < 1 or > MaxPartitionsPerTable)
        {
            return ApplyResult.Reject($"partition count {c.PartitionCount} is not between 1 and {MaxPartitionsPerTable}");
        }

        if (c.ReplicaCount < 1)
        {
            return ApplyResult.Reject($"replica count {c.ReplicaCount} is below 1");
        }

        if (names.ContainsKey((c.Region, c.Name)))
        {
            return ApplyResult.Reject($"table {c.Region}/{c.Name} exists");
        }

        var id = c.TableId == 0 ? nextTableId : c.TableId;
        if (id < nextTableId || id > MaxTableId)
        {
            // Ids below the next one were handed out (or skipped) and are never reused, so a
            // deleted table's id cannot come back and meet its old replicas.
            return ApplyResult.Reject($"table id {id} is below the next id {nextTableId} or above {MaxTableId}");
        }

        var candidates = nodes.Values.ToList();
        var zones = ZonePlacement.ZoneCount(candidates);
        if (zones < c.ReplicaCount)
        {
            return ApplyResult.Reject($"{c.ReplicaCount} replicas need {c.ReplicaCount} zones; registered nodes span {zones}");
        }

        var version = NextVersion();
        var load = ReplicaCounts();
        var ranges = HashRange.Even(c.PartitionCount);
        var partitions = new List<PartitionInfo>(ranges.Length);
        for (var i = 0; i < ranges.Length; i++)
        {
            var replicas = ZonePlacement.Choose(candidates, load, c.ReplicaCount);
            partitions.Add(new PartitionInfo(id, PartitionInfo.GroupIdOf(id, i), ranges[i], replicas, 0, version));
        }

        var info = new TableInfo(c.Region, c.Name, id, c.Definition.ToArray(), version);
        var table = new TableState(info, partitions, ranges.Length);
        tables[id] = table;
        names[(c.Region, c.Name)] = id;
        foreach (var p in partitions)
        {
            groupTables[p.GroupId] = table;
        }

        nextTableId = Math.Max(nextTableId, id + 1);
        return ApplyResult.Of(new TableCreated(version, info, [.. partitions]));
    }

    private ApplyResult Apply(UpdateTable c)
    {
        if (!tables.TryGetValue(c.TableId, out var table))
        {
            return ApplyResult.Reject($"table {c.TableId} does not exist");
        }

        if (table.Info.Definition.Span.SequenceEqual(c.Definition.Span))
        {
            return ApplyResult.Unchanged;
        }

        table.Info = table.Info with { Definition = c.Definition.ToArray(), Version = NextVersion() };
        return ApplyResult.Of(new TableUpdated(Version, table.Info));
    }

    private ApplyResult Apply(DeleteTable c)
    {
        if (!names.Remove((c.Region, c.Name), out var id))
        {
            return ApplyResult.Reject($"table {c.Region}/{c.Name} does not exist");
        }

        var table = tables[id];
        tables.Remove(id);
        foreach (var p in table.Partitions)
        {
            groupTables.Remove(p.GroupId);
        }

        return ApplyResult.Of(new TableDeleted(NextVersion(), id));
    }
}
