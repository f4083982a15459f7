using Basalt.Metadata.Codec;

namespace Basalt.Metadata.Commands;

/// <summary>
/// Splits a partition at hash <see cref="At"/>: the group keeps [Lo, At) and a new group of the
/// same table, on the same replicas, takes [At, Hi). At must lie strictly inside the range.
/// </summary>
public sealed record SplitPartition(ulong GroupId, ulong At) : MetaCommand
{
    internal override CommandTag Tag => CommandTag.SplitPartition;

    private protected override void WriteFields(MetaWriter w)
    {
        w.VarUInt(GroupId);
        w.Fixed64(At);
    }

    internal static SplitPartition Read(ref MetaReader r) => new(r.VarUInt(), r.Fixed64());
}
