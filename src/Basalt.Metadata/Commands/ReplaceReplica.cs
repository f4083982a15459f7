using Basalt.Metadata.Codec;
using Basalt.Metadata.Model;

namespace Basalt.Metadata.Commands;

/// <summary>
/// Replaces the group's replica on <see cref="From"/> with one of <see cref="Kind"/> on
/// <see cref="To"/> (healing: a failed replica by a log replica, a log replica by a full one). From
/// may equal To to change only the kind. To must be registered and its zone must differ from the
/// zones of the group's other replicas. A leader hint naming From is cleared.
/// </summary>
public sealed record ReplaceReplica(ulong GroupId, ulong From, ulong To, ReplicaKind Kind) : MetaCommand
{
    internal override CommandTag Tag => CommandTag.ReplaceReplica;

    private protected override void WriteFields(MetaWriter w)
    {
        w.VarUInt(GroupId);
        w.VarUInt(From);
        w.VarUInt(To);
        w.Byte((byte)Kind);
    }

    internal static ReplaceReplica Read(ref MetaReader r)
    {
        var group = r.VarUInt();
        var from = r.VarUInt();
        var to = r.VarUInt();
        var kind = r.Byte();
        return kind <= (byte)ReplicaKind.Log ? new ReplaceReplica(group, from, to, (ReplicaKind)kind) : throw new InvalidDataException($"Unknown replica kind {kind}.");
    }
}
