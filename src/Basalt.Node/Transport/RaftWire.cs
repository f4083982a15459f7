using Basalt.Replication;
using Google.Protobuf;
using Wire = Basalt.Protocol.Node.V1;

namespace Basalt.Node.Transport;

/// <summary>
/// The exact mapping between <see cref="Message"/> and its protobuf form (basalt.node.v1), field for
/// field. Byte payloads are not copied on the way out (messages are immutable) nor on the way in (a
/// parsed ByteString owns its bytes).
/// </summary>
public static class RaftWire
{
    /// <summary>The protobuf form of <paramref name="message"/> of <paramref name="group"/>.</summary>
    public static Wire.RaftMessage ToWire(ulong group, Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var wire = new Wire.RaftMessage
        {
            Group = group,
            Type = ToWire(message.Type),
            From = message.From,
            To = message.To,
            Term = message.Term,
            LogTerm = message.LogTerm,
            Index = message.Index,
            Commit = message.Commit,
            CompactHint = message.CompactHint,
            Reject = message.Reject,
            RejectHint = message.RejectHint,
            Force = message.Force,
            SentTick = message.SentTick,
            Seq = message.Seq,
            SnapshotOffset = message.SnapshotOffset,
            SnapshotSize = message.SnapshotSize,
            Data = Wrap(message.Data),
        };
        foreach (var entry in message.Entries)
        {
            wire.Entries.Add(new Wire.Entry
            {
                Index = entry.Index,
                Term = entry.Term,
                Type = entry.Type switch
                {
                    EntryType.Normal => Wire.EntryType.Normal,
                    EntryType.Config => Wire.EntryType.Config,
                    _ => throw new ArgumentException($"Unknown entry type {entry.Type}.", nameof(message)),
                },
                Data = Wrap(entry.Data),
            });
        }

        if (message.Snapshot is { } snapshot)
        {
            wire.Snapshot = new Wire.SnapshotMetadata
            {
                Index = snapshot.Index,
                Term = snapshot.Term,
                Membership = ToWire(snapshot.Membership),
            };
        }

        return wire;
    }

    /// <summary>The message a protobuf form carries, and its group.</summary>
    /// <exception cref="FormatException">The message is malformed (unknown type, invalid membership).</exception>
    public static (ulong Group, Message Message) FromWire(Wire.RaftMessage wire)
    {
        ArgumentNullException.ThrowIfNull(wire);
        IReadOnlyList<Entry> entries = [];
        if (wire.Entries.Count > 0)
        {
            var array = new Entry[wire.Entries.Count];
            for (var i = 0; i < array.Length; i++)
            {
                var entry = wire.Entries[i];
                var type = entry.Type switch
                {
                    Wire.EntryType.Normal => EntryType.Normal,
                    Wire.EntryType.Config => EntryType.Config,
                    _ => throw new FormatException($"Unknown entry type {(int)entry.Type}."),
                };
                array[i] = new Entry(entry.Index, entry.Term, type, entry.Data.Memory);
            }

            entries = array;
        }

        SnapshotMetadata? snapshot = null;
        if (wire.Snapshot is { } s)
        {
            snapshot = new SnapshotMetadata(s.Index, s.Term, FromWire(s.Membership));
        }

        var message = new Message
        {
            Type = FromWire(wire.Type),
            From = wire.From,
            To = wire.To,
            Term = wire.Term,
            LogTerm = wire.LogTerm,
            Index = wire.Index,
            Entries = entries,
            Commit = wire.Commit,
            CompactHint = wire.CompactHint,
            Reject = wire.Reject,
            RejectHint = wire.RejectHint,
            Force = wire.Force,
            SentTick = wire.SentTick,
            Seq = wire.Seq,
            Snapshot = snapshot,
            SnapshotOffset = wire.SnapshotOffset,
            SnapshotSize = wire.SnapshotSize,
            Data = wire.Data.Memory,
        };
        return (wire.Group, message);
    }

    /// <summary>The protobuf form of a configuration.</summary>
    public static Wire.Membership ToWire(Membership membership)
    {
        ArgumentNullException.ThrowIfNull(membership);
        var wire = new Wire.Membership();
        wire.Voters.AddRange(membership.Voters);
        wire.LogReplicas.AddRange(membership.LogReplicas);
        wire.Learners.AddRange(membership.Learners);
        return wire;
    }

    /// <summary>The configuration a protobuf form carries (absent = no members).</summary>
    /// <exception cref="FormatException">A node id is 0 or appears in two roles.</exception>
    public static Membership FromWire(Wire.Membership? wire)
    {
        if (wire is null)
        {
            return Membership.Empty;
        }

        try
        {
            return new Membership(wire.Voters, wire.LogReplicas, wire.Learners);
        }
        catch (ArgumentException e)
        {
            throw new FormatException("Invalid membership: " + e.Message, e);
        }
    }

    private static Wire.MessageType ToWire(MessageType type) => type switch
    {
        MessageType.Append => Wire.MessageType.Append,
        MessageType.AppendResponse => Wire.MessageType.AppendResponse,
        MessageType.Heartbeat => Wire.MessageType.Heartbeat,
        MessageType.HeartbeatResponse => Wire.MessageType.HeartbeatResponse,
        MessageType.Vote => Wire.MessageType.Vote,
        MessageType.VoteResponse => Wire.MessageType.VoteResponse,
        MessageType.PreVote => Wire.MessageType.PreVote,
        MessageType.PreVoteResponse => Wire.MessageType.PreVoteResponse,
        MessageType.Snapshot => Wire.MessageType.Snapshot,
        MessageType.SnapshotResponse => Wire.MessageType.SnapshotResponse,
        MessageType.TimeoutNow => Wire.MessageType.TimeoutNow,
        _ => throw new ArgumentException($"Unknown message type {type}.", nameof(type)),
    };

    private static MessageType FromWire(Wire.MessageType type) => type switch
    {
        Wire.MessageType.Append => MessageType.Append,
        Wire.MessageType.AppendResponse => MessageType.AppendResponse,
        Wire.MessageType.Heartbeat => MessageType.Heartbeat,
        Wire.MessageType.HeartbeatResponse => MessageType.HeartbeatResponse,
        Wire.MessageType.Vote => MessageType.Vote,
        Wire.MessageType.VoteResponse => MessageType.VoteResponse,
        Wire.MessageType.PreVote => MessageType.PreVote,
        Wire.MessageType.PreVoteResponse => MessageType.PreVoteResponse,
        Wire.MessageType.Snapshot => MessageType.Snapshot,
        Wire.MessageType.SnapshotResponse => MessageType.SnapshotResponse,
        Wire.MessageType.TimeoutNow => MessageType.TimeoutNow,
        _ => throw new FormatException($"Unknown message type {(int)type}."),
    };

    private static ByteString Wrap(ReadOnlyMemory<byte> bytes) => bytes.IsEmpty ? ByteString.Empty : UnsafeByteOperations.UnsafeWrap(bytes);
}
