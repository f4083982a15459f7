using System.Collections.Immutable;
using System.IO.Hashing;
using Basalt.Metadata.Codec;
using Basalt.Metadata.Model;

namespace Basalt.Metadata.StateMachine;

/// <summary>One table in a map image: its entry, the next partition index its splits draw from, and its partitions by range.</summary>
public sealed record TableImage(TableInfo Table, int NextPartitionIndex, ImmutableArray<PartitionInfo> Partitions);

/// <summary>
/// The whole partition map at one version: what a snapshot holds, what the meta group's state
/// machine restores from and what MemDS resyncs from. Nodes are ordered by id, tables by id.
/// Encoded as "BMAP", a format byte, the fields, and an XxHash64 of everything before it.
/// </summary>
public sealed record PartitionMapImage(ulong Version, ulong NextTableId, ImmutableArray<NodeInfo> Nodes, ImmutableArray<TableImage> Tables)
{
    /// <summary>Version of the snapshot encoding this build writes.</summary>
    public const byte FormatVersion = 1;

    private static ReadOnlySpan<byte> Magic => "BMAP"u8;

    /// <summary>The image of an empty map.</summary>
    public static PartitionMapImage Empty { get; } = new(0, 1, [], []);

    /// <summary>The snapshot bytes.</summary>
    public byte[] Encode()
    {
        var w = new MetaWriter(1024);
        w.Raw(Magic);
        w.Byte(FormatVersion);
        w.VarUInt(Version);
        w.VarUInt(NextTableId);
        w.VarInt(Nodes.Length);
        foreach (var node in Nodes)
        {
            ModelCodec.Write(w, node);
        }

        w.VarInt(Tables.Length);
        foreach (var table in Tables)
        {
            ModelCodec.Write(w, table.Table);
            w.VarInt(table.NextPartitionIndex);
            ModelCodec.Write(w, table.Partitions);
        }

        w.Fixed64(XxHash64.HashToUInt64(w.WrittenSpan));
        return w.ToArray();
    }

    /// <summary>Reads and checks snapshot bytes; throws <see cref="InvalidDataException"/> when they are damaged or inconsistent.</summary>
    public static PartitionMapImage Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length < Magic.Length + 1 + 8 || !data[..Magic.Length].SequenceEqual(Magic))
        {
            throw new InvalidDataException("Not a partition map snapshot.");
        }

        var body = data[..^8];
        var r = new MetaReader(data);
        r.Span(Magic.Length);
        var format = r.Byte();
        if (format != FormatVersion)
        {
            throw new InvalidDataException($"Unknown partition map snapshot format {format}.");
        }

        var version = r.VarUInt();
        var nextTableId = r.VarUInt();
        var nodeCount = r.VarInt();
        var nodes = ImmutableArray.CreateBuilder<NodeInfo>(Math.Min(nodeCount, 1024));
        for (var i = 0; i < nodeCount; i++)
        {
            nodes.Add(ModelCodec.ReadNode(ref r));
        }

        var tableCount = r.VarInt();
        var tables = ImmutableArray.CreateBuilder<TableImage>(Math.Min(tableCount, 1024));
        for (var i = 0; i < tableCount; i++)
        {
            tables.Add(new TableImage(ModelCodec.ReadTable(ref r), r.VarInt(), ModelCodec.ReadPartitions(ref r)));
        }

        if (r.Position != body.Length)
        {
            throw new InvalidDataException("Partition map snapshot has trailing bytes.");
        }

        if (r.Fixed64() != XxHash64.HashToUInt64(body))
        {
            throw new InvalidDataException("Partition map snapshot checksum mismatch.");
        }

        var image = new PartitionMapImage(version, nextTableId, nodes.ToImmutable(), tables.ToImmutable());
        image.Validate();
        return image;
    }

    /// <summary>
    /// Throws <see cref="InvalidDataException"/> unless the image is consistent: ordered unique
    /// nodes and tables, every table's ranges tiling the hash space, unique group ids of the
    /// table, replicas on registered nodes in distinct zones, and no version above the map's.
    /// </summary>
    public void Validate()
    {
        var problem = MapInvariants.Check(this);
        if (problem is not null)
        {
            throw new InvalidDataException("Inconsistent partition map: " + problem);
        }
    }
}
