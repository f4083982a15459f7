using Basalt.Metadata.Codec;

namespace Basalt.Metadata.Commands;

/// <summary>Replaces a table's definition (the API layer's UpdateTable result); partitions are untouched.</summary>
public sealed record UpdateTable(ulong TableId, ReadOnlyMemory<byte> Definition) : MetaCommand
{
    internal override CommandTag Tag => CommandTag.UpdateTable;

    private protected override void WriteFields(MetaWriter w)
    {
        w.VarUInt(TableId);
        w.Bytes(Definition.Span);
    }

    internal static UpdateTable Read(ref MetaReader r) => new(r.VarUInt(), r.Bytes());
}
