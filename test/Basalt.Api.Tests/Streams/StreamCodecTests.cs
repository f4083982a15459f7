using Basalt.Api.Streams;
using Basalt.Api.Tables;
using Basalt.Model;
using Basalt.Storage;

namespace Basalt.Api.Tests.Streams;

/// <summary>Stored forms (records, descriptors, iterators, ARNs) and the sequencer's horizon.</summary>
public sealed class StreamCodecTests
{
    private static Item Image(string key, long n) => new()
    {
        ["pk"] = AttributeValue.FromString(key),
        ["n"] = AttributeValue.FromNumber(DynamoNumber.FromInt64(n)),
    };

    [Fact]
    public void A_record_round_trips_and_any_flipped_byte_is_detected()
    {
        var record = new StreamRecord(StreamEventName.MODIFY, 1_900_000_000_123, ByService: true, Image("k", 0), Image("k", 1), Image("k", 2));
        var bytes = StreamRecordCodec.Encode(record);
        var decoded = StreamRecordCodec.Decode(bytes);

        Assert.Equal(record.EventName, decoded.EventName);
        Assert.Equal(record.CreatedMilliseconds, decoded.CreatedMilliseconds);
        Assert.True(decoded.ByService);
        Assert.Equal("2", decoded.NewImage!["n"].N.ToString());
        Assert.Equal("1", decoded.OldImage!["n"].N.ToString());
        Assert.Equal(record.SizeBytes, decoded.SizeBytes);

        var keysOnly = StreamRecordCodec.Decode(StreamRecordCodec.Encode(record with { OldImage = null, NewImage = null, ByService = false }));
        Assert.Null(keysOnly.OldImage);
        Assert.Null(keysOnly.NewImage);
        Assert.False(keysOnly.ByService);

        for (var i = 0; i < bytes.Length; i++)
        {
            var copy = (byte[])bytes.Clone();
            copy[i] ^= 0x40;
            Assert.Throws<CorruptDataException>(() => StreamRecordCodec.Decode(copy));
        }
    }

    [Fact]
    public void A_descriptor_round_trips()
    {
        var descriptor = new StreamDescriptor
        {
            Region = "eu-west-1",
            TableName = "t",
            TableId = 42,
            Label = "2030-01-01T00:00:00.000",
            ViewType = StreamViewTypes.OldImage,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_893_456_000_000),
            PartitionKey = new KeyAttribute("pk", AttributeKind.S),
            SortKey = new KeyAttribute("sk", AttributeKind.N),
            DisabledAt = DateTimeOffset.FromUnixTimeMilliseconds(1_893_456_001_000),
            Shards =
            [
                new StreamShard(0, "shardId-00000000000000000001-00000000", null, 0, ulong.MaxValue, 1, ulong.MaxValue - 1, 7),
                new StreamShard(1, "shardId-00000000000000000002-00000001", 0, 0, 99, ulong.MaxValue, null, 0),
            ],
        };

        var decoded = StreamDescriptorCodec.Decode(StreamDescriptorCodec.Encode(descriptor));

        Assert.Equal(descriptor with { Shards = [] }, decoded with { Shards = [] });
        Assert.Equal(descriptor.Shards, decoded.Shards);
        Assert.Equal("arn:aws:dynamodb:eu-west-1:000000000000:table/t/stream/2030-01-01T00:00:00.000", decoded.Arn);
    }

    [Fact]
    public void An_iterator_round_trips_and_garbage_is_not_an_iterator()
    {
        var iterator = new ShardIterator(3, 1_893_456_000_000, 2, 123456789, 1_893_456_000_500);
        const string Arn = "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2030-01-01T00:00:00.000";
        var token = iterator.Encode(Arn);

        Assert.True(ShardIterator.TryDecode(token, out var decoded, out var arn));
        Assert.Equal(iterator, decoded);
        Assert.Equal(Arn, arn);
        Assert.False(ShardIterator.TryDecode("garbage", out _, out _));
        Assert.False(ShardIterator.TryDecode(Arn + "|1|AAAA", out _, out _));
        Assert.False(ShardIterator.TryDecode(token[..^3] + (token[^3] == 'A' ? "B" : "A") + token[^2..], out _, out _));
    }

    [Theory]
    [InlineData("arn:aws:dynamodb:us-east-1:000000000000:table/t-1/stream/2030-01-01T00:00:00.000", true)]
    [InlineData("arn:aws:dynamodb:us-east-1:000000000000:table/t-1", false)]
    [InlineData("arn:aws:dynamodb:us-east-1:000000000000:table//stream/x", false)]
    [InlineData("arn:aws:s3:us-east-1:000000000000:table/t/stream/x", false)]
    [InlineData("kossaapaaasdafsdaasdasdasdasasdasfadfadfasdasdas", false)]
    public void Stream_arns_parse_only_when_well_formed(string arn, bool valid)
    {
        Assert.Equal(valid, StreamArn.TryParse(arn, out var parsed));
        if (valid)
        {
            Assert.Equal(("us-east-1", "t-1", "2030-01-01T00:00:00.000"), (parsed.Region, parsed.TableName, parsed.Label));
        }
    }

    [Fact]
    public void The_horizon_waits_for_the_oldest_unfinished_write_and_sequence_numbers_rise()
    {
        var sequencer = new StreamSequencer();
        var stream = new StreamDescriptor
        {
            Region = "us-east-1",
            TableName = "t",
            TableId = 1,
            Label = "l",
            ViewType = StreamViewTypes.KeysOnly,
            CreatedAt = DateTimeOffset.UnixEpoch,
            PartitionKey = new KeyAttribute("pk", AttributeKind.S),
            Shards = [new StreamShard(0, "s", null, 0, ulong.MaxValue, 1, null, 0)],
        };
        sequencer.Reroute(1, 0, _ => stream);
        WriteBatch first = new(), second = new();

        Assert.True(sequencer.TryAllocate(1, 5, first, 100, out _, out _, out var a));
        Assert.True(sequencer.TryAllocate(1, 5, second, 0, out _, out _, out var b));
        Assert.False(sequencer.TryAllocate(2, 5, second, 0, out _, out _, out _));
        Assert.True(a >= 100 && b > a);
        Assert.Equal(a, sequencer.Horizon);

        sequencer.Complete(second);
        Assert.Equal(a, sequencer.Horizon);
        sequencer.Complete(first);
        Assert.Equal(b + 1, sequencer.Horizon);

        var end = sequencer.Reroute(1, 0, _ => null);
        Assert.True(end > b);
        Assert.False(sequencer.TryAllocate(1, 5, first, 0, out _, out _, out _));
    }
}
