using Basalt.Metadata.Codec;

namespace Basalt.Metadata.Commands;

/// <summary>
/// Creates a table with <see cref="PartitionCount"/> partitions over equal hash ranges, each with
/// <see cref="ReplicaCount"/> replicas in as many different zones, placed on the registered nodes
/// with the fewest replicas. <see cref="TableId"/> 0 lets the map allocate the next id; a non-zero
/// id (a table carried over from an existing catalog) must not be below the next id: ids are never reused.
/// </summary>
public sealed record CreateTable(
    string Region,
    string Name,
    ulong TableId,
    int PartitionCount,
    int ReplicaCount,
    ReadOnlyMemory<byte> Definition) : MetaCommand
{
    internal override CommandTag Tag => CommandTag.CreateTable;

    private protected override void WriteFields(MetaWriter w)
    {
        w.String(Region);
        w.String(Name);
        w.VarUInt(TableId);
        w.VarInt(PartitionCount);
        w.VarInt(ReplicaCount);
        w.Bytes(Definition.Span);
    }

    internal static CreateTable Read(ref MetaReader r) => new(r.String(), r.String(), r.VarUInt(), r.VarInt(), r.VarInt(), r.Bytes());
}
