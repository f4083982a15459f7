using Basalt.Metadata.Codec;

namespace Basalt.Metadata.Commands;

/// <summary>
/// Adds a storage node to the set placement chooses from, or updates its address. A node's zone
/// may change only while it holds no replicas (zone-aware placement depends on it).
/// </summary>
public sealed record RegisterNode(ulong NodeId, string Zone, string Address) : MetaCommand
{
    internal override CommandTag Tag => CommandTag.RegisterNode;

    private protected override void WriteFields(MetaWriter w)
    {
        w.VarUInt(NodeId);
        w.String(Zone);
        w.String(Address);
    }

    internal static RegisterNode Read(ref MetaReader r) => new(r.VarUInt(), r.String(), r.String());
}
