using Basalt.Metadata.Events;
using Basalt.Metadata.Model;
using Basalt.Metadata.StateMachine;

namespace Basalt.Metadata.MemDs;

/// <summary>Feeding the store: change events in version order, or a whole snapshot.</summary>
public sealed partial class MemDsStore
{
    /// <summary>Applies the next change event; refuses one that does not follow <see cref="Version"/>.</summary>
    public MemDsApplyStatus Apply(MapEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (writer)
        {
            if (change.Version <= Version)
            {
                return MemDsApplyStatus.Duplicate;
            }

            if (change.Version != Version + 1)
            {
                return MemDsApplyStatus.Gap;
            }

            switch (change)
            {
                case NodeRegistered e:
                    catalog = WithNode(catalog, e.Node);
                    break;
                case TableCreated e:
                    catalog = WithTable(catalog, new TableSlot(e.Table, new TableRoutes([.. e.Partitions])));
                    break;
                case TableUpdated e when catalog.ById.TryGetValue(e.Table.Id, out var slot):
                    slot.Info = e.Table;
                    break;
                case TableDeleted e:
                    catalog = WithoutTable(catalog, e.TableId);
                    break;
                case PartitionChanged e:
                    ReplacePartitions(e.Partition.TableId, e.Partition, null);
                    break;
                case PartitionSplit e:
                    ReplacePartitions(e.Left.TableId, e.Left, e.Right);
                    break;
            }

            Volatile.Write(ref version, (long)change.Version);
            return MemDsApplyStatus.Applied;
        }
    }

    /// <summary>Replaces everything with the map in <paramref name="snapshot"/> (checked first); see <see cref="Restore(PartitionMapImage)"/>.</summary>
    public bool Restore(ReadOnlySpan<byte> snapshot) => Restore(PartitionMapImage.Decode(snapshot));

    /// <summary>Replaces everything with <paramref name="image"/>; false (and nothing changes) when it is older than the store.</summary>
    public bool Restore(PartitionMapImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var byId = new Dictionary<ulong, TableSlot>(image.Tables.Length);
        var byName = new Dictionary<(string, string), TableSlot>(image.Tables.Length);
        foreach (var t in image.Tables)
        {
            var slot = new TableSlot(t.Table, new TableRoutes([.. t.Partitions]));
            byId[t.Table.Id] = slot;
            byName[(t.Table.Region, t.Table.Name)] = slot;
        }

        var nodes = image.Nodes.ToDictionary(n => n.Id);
        lock (writer)
        {
            if (image.Version < Version)
            {
                return false;
            }

            catalog = new Catalog(byId, byName, nodes);
            Volatile.Write(ref version, (long)image.Version);
            return true;
        }
    }

    /// <summary>
    /// Puts <paramref name="first"/> where the partition with its start stands, and
    /// <paramref name="second"/> (a split's right half) just after it.
    /// </summary>
    private void ReplacePartitions(ulong tableId, PartitionInfo first, PartitionInfo? second)
    {
        if (!catalog.ById.TryGetValue(tableId, out var slot))
        {
            return;
        }

        var old = slot.Routes.Partitions;
        var i = Floor(slot.Routes.Starts, first.Range.Lo);
        var updated = new PartitionInfo[old.Length + (second is null ? 0 : 1)];
        Array.Copy(old, updated, i);
        updated[i] = first;
        if (second is not null)
        {
            updated[i + 1] = second;
        }

        Array.Copy(old, i + 1, updated, i + 1 + (second is null ? 0 : 1), old.Length - i - 1);
        slot.Routes = new TableRoutes(updated);
    }

    private static Catalog WithNode(Catalog c, NodeInfo node) =>
        new(c.ById, c.ByName, new Dictionary<ulong, NodeInfo>(c.Nodes) { [node.Id] = node });

    private static Catalog WithTable(Catalog c, TableSlot slot) =>
        new(
            new Dictionary<ulong, TableSlot>(c.ById) { [slot.Info.Id] = slot },
            new Dictionary<(string, string), TableSlot>(c.ByName) { [(slot.Info.Region, slot.Info.Name)] = slot },
            c.Nodes);

    private static Catalog WithoutTable(Catalog c, ulong tableId)
    {
        if (!c.ById.TryGetValue(tableId, out var slot))
        {
            return c;
        }

        var byId = new Dictionary<ulong, TableSlot>(c.ById);
        byId.Remove(tableId);
        var byName = new Dictionary<(string, string), TableSlot>(c.ByName);
        byName.Remove((slot.Info.Region, slot.Info.Name));
        return new Catalog(byId, byName, c.Nodes);
    }
}
