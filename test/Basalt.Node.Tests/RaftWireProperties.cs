using Basalt.Node.Transport;
using Basalt.Replication;
using CsCheck;
using Google.Protobuf;
using Wire = Basalt.Protocol.Node.V1;

namespace Basalt.Node.Tests;

/// <summary>Every field of every kind of Raft message survives the protobuf form and its bytes.</summary>
public sealed class RaftWireProperties
{
    private static readonly Gen<ReadOnlyMemory<byte>> Bytes =
        Gen.Byte.Array[0, 64].Select(b => new ReadOnlyMemory<byte>(b));

    private static readonly Gen<Entry> Entries =
        Gen.Select(Gen.ULong, Gen.ULong, Gen.Enum<EntryType>(), Bytes, (index, term, type, data) => new Entry(index, term, type, data));

    private static readonly Gen<Membership> Memberships =
        Gen.ULong[1, ulong.MaxValue].HashSet[0, 9].Select(Gen.Int[0, 3], Gen.Int[0, 3], (ids, v, r) =>
        {
            var all = ids.ToArray();
            var voters = all.Take(v).ToArray();
            var logReplicas = all.Skip(v).Take(r).ToArray();
            var learners = all.Skip(v + r).ToArray();
            return new Membership(voters, logReplicas, learners);
        });

    private static readonly Gen<SnapshotMetadata?> Snapshots =
        Gen.Frequency(
            (1, Gen.Const((SnapshotMetadata?)null)),
            (2, Gen.Select(Gen.ULong, Gen.ULong, Memberships, (index, term, members) => (SnapshotMetadata?)new SnapshotMetadata(index, term, members))));

    private static readonly Gen<(ulong Group, Message Message)> Messages =
        Gen.Select(
            Gen.Select(Gen.ULong, Gen.Enum<MessageType>(), Gen.ULong, Gen.ULong, Gen.ULong, Gen.ULong, Gen.ULong, Gen.ULong),
            Gen.Select(Entries.Array[0, 5], Gen.ULong, Gen.Bool, Gen.ULong, Gen.Bool, Gen.Long, Gen.ULong),
            Gen.Select(Snapshots, Gen.Long, Gen.Long, Bytes),
            (a, b, c) => (a.Item1, new Message
            {
                Type = a.Item2,
                From = a.Item3,
                To = a.Item4,
                Term = a.Item5,
                LogTerm = a.Item6,
                Index = a.Item7,
                Commit = a.Item8,
                Entries = b.Item1,
                CompactHint = b.Item2,
                Reject = b.Item3,
                RejectHint = b.Item4,
                Force = b.Item5,
                SentTick = b.Item6,
                Seq = b.Item7,
                Snapshot = c.Item1,
                SnapshotOffset = c.Item2,
                SnapshotSize = c.Item3,
                Data = c.Item4,
            }));

    [Fact]
    public void Round_trip_through_bytes_keeps_every_field()
    {
        Messages.Sample(sample =>
        {
            var bytes = RaftWire.ToWire(sample.Group, sample.Message).ToByteArray();
            var (group, message) = RaftWire.FromWire(Wire.RaftMessage.Parser.ParseFrom(bytes));
            Assert.Equal(sample.Group, group);
            AssertSame(sample.Message, message);
        });
    }

    [Fact]
    public void A_batch_of_many_groups_round_trips_in_order()
    {
        Messages.Array[1, 40].Sample(samples =>
        {
            var batch = new Wire.RaftBatch { FromNode = 1, ToNode = 2 };
            foreach (var (group, message) in samples)
            {
                batch.Messages.Add(RaftWire.ToWire(group, message));
            }

            var parsed = Wire.RaftBatch.Parser.ParseFrom(batch.ToByteArray());
            Assert.Equal(1UL, parsed.FromNode);
            Assert.Equal(2UL, parsed.ToNode);
            Assert.Equal(samples.Length, parsed.Messages.Count);
            for (var i = 0; i < samples.Length; i++)
            {
                var (group, message) = RaftWire.FromWire(parsed.Messages[i]);
                Assert.Equal(samples[i].Group, group);
                AssertSame(samples[i].Message, message);
            }
        });
    }

    [Fact]
    public void Every_message_type_has_its_own_wire_value()
    {
        var values = Enum.GetValues<MessageType>()
            .Select(t => RaftWire.ToWire(1, new Message { Type = t, From = 1, To = 2, Term = 1 }).Type)
            .ToList();
        Assert.DoesNotContain(Wire.MessageType.Unspecified, values);
        Assert.Equal(values.Count, values.Distinct().Count());
    }

    [Fact]
    public void An_unknown_or_missing_message_type_is_malformed()
    {
        Assert.Throws<FormatException>(() => RaftWire.FromWire(new Wire.RaftMessage { Type = Wire.MessageType.Unspecified }));
        Assert.Throws<FormatException>(() => RaftWire.FromWire(new Wire.RaftMessage { Type = (Wire.MessageType)99 }));
    }

    [Fact]
    public void An_unknown_entry_type_is_malformed()
    {
        var wire = new Wire.RaftMessage { Type = Wire.MessageType.Append };
        wire.Entries.Add(new Wire.Entry { Index = 1, Term = 1, Type = (Wire.EntryType)7 });
        Assert.Throws<FormatException>(() => RaftWire.FromWire(wire));
    }

    [Fact]
    public void An_invalid_membership_is_malformed()
    {
        var twice = new Wire.Membership { Voters = { 1, 2 }, Learners = { 2 } };
        var zero = new Wire.Membership { Voters = { 0, 1 } };
        foreach (var membership in new[] { twice, zero })
        {
            var wire = new Wire.RaftMessage
            {
                Type = Wire.MessageType.Snapshot,
                Snapshot = new Wire.SnapshotMetadata { Index = 5, Term = 2, Membership = membership },
            };
            Assert.Throws<FormatException>(() => RaftWire.FromWire(wire));
        }
    }

    [Fact]
    public void A_snapshot_without_membership_has_no_members()
    {
        var wire = new Wire.RaftMessage { Type = Wire.MessageType.Snapshot, Snapshot = new Wire.SnapshotMetadata { Index = 5, Term = 2 } };
        Assert.Equal(Membership.Empty, RaftWire.FromWire(wire).Message.Snapshot!.Membership);
    }

    private static void AssertSame(Message expected, Message actual)
    {
        Assert.Equal(expected.Type, actual.Type);
        Assert.Equal(expected.From, actual.From);
        Assert.Equal(expected.To, actual.To);
        Assert.Equal(expected.Term, actual.Term);
        Assert.Equal(expected.LogTerm, actual.LogTerm);
        Assert.Equal(expected.Index, actual.Index);
        Assert.Equal(expected.Commit, actual.Commit);
        Assert.Equal(expected.CompactHint, actual.CompactHint);
        Assert.Equal(expected.Reject, actual.Reject);
        Assert.Equal(expected.RejectHint, actual.RejectHint);
        Assert.Equal(expected.Force, actual.Force);
        Assert.Equal(expected.SentTick, actual.SentTick);
        Assert.Equal(expected.Seq, actual.Seq);
        Assert.Equal(expected.SnapshotOffset, actual.SnapshotOffset);
        Assert.Equal(expected.SnapshotSize, actual.SnapshotSize);
        Assert.Equal(expected.Data.ToArray(), actual.Data.ToArray());
        Assert.Equal(expected.Entries.Count, actual.Entries.Count);
        for (var i = 0; i < expected.Entries.Count; i++)
        {
            Assert.Equal(expected.Entries[i].Index, actual.Entries[i].Index);
            Assert.Equal(expected.Entries[i].Term, actual.Entries[i].Term);
            Assert.Equal(expected.Entries[i].Type, actual.Entries[i].Type);
            Assert.Equal(expected.Entries[i].Data.ToArray(), actual.Entries[i].Data.ToArray());
        }

        if (expected.Snapshot is null)
        {
            Assert.Null(actual.Snapshot);
        }
        else
        {
            Assert.NotNull(actual.Snapshot);
            Assert.Equal(expected.Snapshot.Index, actual.Snapshot.Index);
            Assert.Equal(expected.Snapshot.Term, actual.Snapshot.Term);
            Assert.Equal(expected.Snapshot.Membership, actual.Snapshot.Membership);
        }
    }
}
