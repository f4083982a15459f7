namespace Basalt.Metadata.StateMachine;

/// <summary>The whole map as an image and as snapshot bytes, and back.</summary>
public sealed partial class PartitionMap
{
    /// <summary>The map as it stands.</summary>
    public PartitionMapImage Image() => new(
        Version,
        nextTableId,
        [.. nodes.Values],
        [.. tables.Values.Select(t => new TableImage(t.Info, t.NextPartitionIndex, [.. t.Partitions]))]);

    /// <summary>The snapshot bytes of the map: equal maps give equal bytes.</summary>
    public byte[] Snapshot() => Image().Encode();

    /// <summary>Replaces the whole map with the one <paramref name="snapshot"/> holds (checked first; on failure nothing changes).</summary>
    public void Restore(ReadOnlySpan<byte> snapshot) => Restore(PartitionMapImage.Decode(snapshot));

    /// <summary>Replaces the whole map with <paramref name="image"/> (validated first; on failure nothing changes).</summary>
    public void Restore(PartitionMapImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        image.Validate();
        nodes.Clear();
        tables.Clear();
        names.Clear();
        groupTables.Clear();
        foreach (var node in image.Nodes)
        {
            nodes[node.Id] = node;
        }

        foreach (var t in image.Tables)
        {
            var table = new TableState(t.Table, [.. t.Partitions], t.NextPartitionIndex);
            tables[t.Table.Id] = table;
            names[(t.Table.Region, t.Table.Name)] = t.Table.Id;
            foreach (var p in t.Partitions)
            {
                groupTables[p.GroupId] = table;
            }
        }

        nextTableId = image.NextTableId;
        Version = image.Version;
    }

    /// <summary>A map restored from <paramref name="snapshot"/>.</summary>
    public static PartitionMap FromSnapshot(ReadOnlySpan<byte> snapshot)
    {
        var map = new PartitionMap();
        map.Restore(snapshot);
        return map;
    }
}
