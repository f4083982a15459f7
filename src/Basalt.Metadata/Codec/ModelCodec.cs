using System.Collections.Immutable;
using Basalt.Metadata.Model;

namespace Basalt.Metadata.Codec;

/// <summary>Encodings of the map's model types, shared by commands, events and snapshots.</summary>
public static class ModelCodec
{
    public static void Write(MetaWriter w, NodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(node);
        w.VarUInt(node.Id);
        w.String(node.Zone);
        w.String(node.Address);
    }

    public static NodeInfo ReadNode(ref MetaReader r) => new(r.VarUInt(), r.String(), r.String());

    public static void Write(MetaWriter w, HashRange range)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.Fixed64(range.Lo);
        w.Fixed64(range.Last);
    }

    public static HashRange ReadRange(ref MetaReader r)
    {
        var lo = r.Fixed64();
        var last = r.Fixed64();
        return last >= lo ? new HashRange(lo, last) : throw new InvalidDataException($"Empty hash range [{lo}, {last}].");
    }

    public static void Write(MetaWriter w, ReplicaInfo replica)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.VarUInt(replica.NodeId);
        w.String(replica.Zone);
        w.Byte((byte)replica.Kind);
    }

    public static ReplicaInfo ReadReplica(ref MetaReader r)
    {
        var node = r.VarUInt();
        var zone = r.String();
        var kind = r.Byte();
        return kind <= (byte)ReplicaKind.Log ? new ReplicaInfo(node, zone, (ReplicaKind)kind) : throw new InvalidDataException($"Unknown replica kind {kind}.");
    }

    public static void Write(MetaWriter w, PartitionInfo partition)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(partition);
        w.VarUInt(partition.TableId);
        w.VarUInt(partition.GroupId);
        Write(w, partition.Range);
        w.VarInt(partition.Replicas.Length);
        foreach (var replica in partition.Replicas)
        {
            Write(w, replica);
        }

        w.VarUInt(partition.LeaderHint);
        w.VarUInt(partition.Version);
    }

    public static PartitionInfo ReadPartition(ref MetaReader r)
    {
        var table = r.VarUInt();
        var group = r.VarUInt();
        var range = ReadRange(ref r);
        var count = r.VarInt();
        var replicas = ImmutableArray.CreateBuilder<ReplicaInfo>(Math.Min(count, 16));
        for (var i = 0; i < count; i++)
        {
            replicas.Add(ReadReplica(ref r));
        }

        return new PartitionInfo(table, group, range, replicas.ToImmutable(), r.VarUInt(), r.VarUInt());
    }

    public static void Write(MetaWriter w, TableInfo table)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(table);
        w.String(table.Region);
        w.String(table.Name);
        w.VarUInt(table.Id);
        w.Bytes(table.Definition.Span);
        w.VarUInt(table.Version);
    }

    public static TableInfo ReadTable(ref MetaReader r) => new(r.String(), r.String(), r.VarUInt(), r.Bytes(), r.VarUInt());

    public static void Write(MetaWriter w, IReadOnlyList<PartitionInfo> partitions)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(partitions);
        w.VarInt(partitions.Count);
        foreach (var p in partitions)
        {
            Write(w, p);
        }
    }

    public static ImmutableArray<PartitionInfo> ReadPartitions(ref MetaReader r)
    {
        var count = r.VarInt();
        var result = ImmutableArray.CreateBuilder<PartitionInfo>(Math.Min(count, 1024));
        for (var i = 0; i < count; i++)
        {
            result.Add(ReadPartition(ref r));
        }

        return result.ToImmutable();
    }
}
