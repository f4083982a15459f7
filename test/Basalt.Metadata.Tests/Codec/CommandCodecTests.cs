using Basalt.Metadata.Codec;
using Basalt.Metadata.Commands;
using Basalt.Metadata.Events;
using Basalt.Metadata.Model;
using Basalt.Metadata.StateMachine;

namespace Basalt.Metadata.Tests.Codec;

public sealed class CommandCodecTests
{
    public static TheoryData<MetaCommand> Commands() =>
    [
        new RegisterNode(7, "us-east-1a", "10.0.0.7:7000"),
        new CreateTable("eu-west-1", "Ünïcode-table", 0, 4, 3, new byte[] { 1, 2, 3 }),
        new CreateTable("r", "t", 1UL << 40, 65536, 1, ReadOnlyMemory<byte>.Empty),
        new UpdateTable(12, new byte[] { 9 }),
        new DeleteTable("r", "t"),
        new SetLeader(0x0001_0002, 3),
        new ReplaceReplica(0x0001_0002, 3, 4, ReplicaKind.Log),
        new SplitPartition(0x0001_0002, ulong.MaxValue),
    ];

    [Theory]
    [MemberData(nameof(Commands))]
    public void EveryCommand_RoundTripsThroughItsEncoding(MetaCommand command)
    {
        var bytes = command.Encode();
        var decoded = MetaCommand.Decode(bytes);
        Assert.Equal(bytes, decoded.Encode());
        Assert.Equal(command.GetType(), decoded.GetType());
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void TruncatedOrExtendedCommands_AreRefused(MetaCommand command)
    {
        var bytes = command.Encode();
        for (var n = 0; n < bytes.Length; n++)
        {
            Assert.Throws<InvalidDataException>(() => MetaCommand.Decode(bytes.AsSpan(0, n)));
        }

        Assert.Throws<InvalidDataException>(() => MetaCommand.Decode([.. bytes, 0]));
    }

    [Fact]
    public void UnknownFormatVersionsAndTags_AreRefused()
    {
        var bytes = new SetLeader(1, 2).Encode();
        bytes[0] = 2;
        Assert.Throws<InvalidDataException>(() => MetaCommand.Decode(bytes));
        bytes[0] = MetaCommand.FormatVersion;
        bytes[1] = 99;
        Assert.Throws<InvalidDataException>(() => MetaCommand.Decode(bytes));
    }

    [Fact]
    public void AMalformedLogEntry_IsRejectedWithoutChangingTheMap()
    {
        var map = Maps.WithNodes();
        var before = map.Snapshot();
        var result = map.Apply([MetaCommand.FormatVersion, 42]);
        Assert.Equal(ApplyStatus.Rejected, result.Status);
        Assert.Equal(before, map.Snapshot());
    }

    [Fact]
    public void Varints_RoundTripAtEveryWidth()
    {
        ulong[] values = [0, 1, 127, 128, 16383, 16384, uint.MaxValue, 1UL << 62, ulong.MaxValue];
        var w = new MetaWriter();
        foreach (var v in values)
        {
            w.VarUInt(v);
        }

        var r = new MetaReader(w.WrittenSpan);
        foreach (var v in values)
        {
            Assert.Equal(v, r.VarUInt());
        }

        r.End();
    }

    [Fact]
    public void AnElevenByteVarint_IsRefused()
    {
        var bytes = Enumerable.Repeat((byte)0xFF, 10).Append((byte)0x01).ToArray();
        Assert.Throws<InvalidDataException>(() => new MetaReader(bytes).VarUInt());
    }

    [Fact]
    public void EveryEvent_RoundTripsThroughItsEncoding()
    {
        var map = Maps.WithNodes();
        var events = new List<MapEvent>();
        events.AddRange(map.Applied(Maps.Table("a", partitions: 3)).Events);
        var group = map.PartitionsOf(1)[1].GroupId;
        var leader = map.PartitionsOf(1)[1].Replicas[0].NodeId;
        events.AddRange(map.Applied(new SetLeader(group, leader)).Events);
        events.AddRange(map.Applied(new SplitPartition(group, map.PartitionsOf(1)[1].Range.Lo + 5)).Events);
        events.AddRange(map.Applied(new UpdateTable(1, new byte[] { 7 })).Events);
        events.AddRange(map.Applied(new RegisterNode(99, "z9", "x:1")).Events);
        events.AddRange(map.Applied(new DeleteTable(Maps.Region, "a")).Events);
        Assert.Equal(6, events.Select(e => e.GetType()).Distinct().Count());
        foreach (var e in events)
        {
            var bytes = e.Encode();
            Assert.Equal(bytes, MapEvent.Decode(bytes).Encode());
            Assert.Equal(e.Version, MapEvent.Decode(bytes).Version);
        }
    }
}
