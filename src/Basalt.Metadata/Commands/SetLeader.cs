using Basalt.Metadata.Codec;

namespace Basalt.Metadata.Commands;

/// <summary>Records the leader a group reported; the node must hold a full replica of the group.</summary>
public sealed record SetLeader(ulong GroupId, ulong NodeId) : MetaCommand
{
    internal override CommandTag Tag => CommandTag.SetLeader;

    private protected override void WriteFields(MetaWriter w)
    {
        w.VarUInt(GroupId);
        w.VarUInt(NodeId);
    }

    internal static SetLeader Read(ref MetaReader r) => new(r.VarUInt(), r.VarUInt());
}
