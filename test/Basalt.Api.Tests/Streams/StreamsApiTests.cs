using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Basalt.Api.Tests.Conformance;
using static Basalt.Api.Tests.Conformance.Av;

namespace Basalt.Api.Tests.Streams;

/// <summary>ListStreams, DescribeStream, GetShardIterator and GetRecords: parameters, paging and errors.</summary>
public sealed class StreamsApiTests(BasaltFixture fixture) : StreamTest(fixture)
{
    [Fact]
    public async Task ListStreams_lists_a_tables_streams_and_pages_through_all_of_them()
    {
        var (first, firstArn) = await CreateStreamedTableAsync(StreamViewType.KEYS_ONLY);
        var (second, secondArn) = await CreateStreamedTableAsync(StreamViewType.KEYS_ONLY);

        var own = (await Streams.ListStreamsAsync(first)).GetProperty("Streams").EnumerateArray().ToList();
        var entry = Assert.Single(own);
        Assert.Equal(firstArn, entry.GetProperty("StreamArn").GetString());
        Assert.Equal(first, entry.GetProperty("TableName").GetString());
        Assert.Equal(firstArn[(firstArn.LastIndexOf('/') + 1)..], entry.GetProperty("StreamLabel").GetString());

        var seen = new List<string>();
        string? start = null;
        do
        {
            var page = await Streams.ListStreamsAsync(limit: 1, exclusiveStart: start);
            var streams = page.GetProperty("Streams").EnumerateArray().ToList();
            Assert.True(streams.Count <= 1);
            seen.AddRange(streams.Select(s => s.GetProperty("StreamArn").GetString()!));
            start = page.TryGetProperty("LastEvaluatedStreamArn", out var last) ? last.GetString() : null;
        }
        while (start is not null);

        Assert.Contains(firstArn, seen);
        Assert.Contains(secondArn, seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Empty((await Streams.ListStreamsAsync(await CreateTableAsync())).GetProperty("Streams").EnumerateArray());
        _ = second;
    }

    [Fact]
    public async Task ListStreams_rejects_a_bad_limit_and_an_unknown_table()
    {
        var zero = await StreamsClient.ErrorAsync(() => Streams.ListStreamsAsync(limit: 0), "ValidationException");
        Assert.Equal("1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1", zero.Message);
        await StreamsClient.ErrorAsync(() => Streams.ListStreamsAsync(limit: 101), "ValidationException");
        var missing = UniqueName("missing");
        var error = await StreamsClient.ErrorAsync(() => Streams.ListStreamsAsync(missing), "ResourceNotFoundException");
        Assert.Equal($"Requested resource not found: Table: {missing} not found", error.Message);
    }

    [Fact]
    public async Task DescribeStream_reports_the_stream_and_its_open_shard()
    {
        var (table, arn) = await CreateStreamedTableAsync(StreamViewType.NEW_IMAGE, withSortKey: true);

        var description = await Streams.DescribeStreamAsync(arn);

        Assert.Equal(arn, description.GetProperty("StreamArn").GetString());
        Assert.Equal("ENABLED", description.GetProperty("StreamStatus").GetString());
        Assert.Equal("NEW_IMAGE", description.GetProperty("StreamViewType").GetString());
        Assert.Equal(table, description.GetProperty("TableName").GetString());
        Assert.Equal(arn[(arn.LastIndexOf('/') + 1)..], description.GetProperty("StreamLabel").GetString());
        Assert.True(description.GetProperty("CreationRequestDateTime").GetDouble() > 1.5e9);
        Assert.Equal(
            ["pk:HASH", "sk:RANGE"],
            description.GetProperty("KeySchema").EnumerateArray().Select(k => $"{k.GetProperty("AttributeName").GetString()}:{k.GetProperty("KeyType").GetString()}"));
        var shard = Assert.Single(description.GetProperty("Shards").EnumerateArray());
        Assert.Matches("^shardId-[0-9]{20}-[0-9a-f]{8}$", shard.GetProperty("ShardId").GetString());
        Assert.Matches("^[0-9]{21,40}$", shard.GetProperty("SequenceNumberRange").GetProperty("StartingSequenceNumber").GetString());
        Assert.False(shard.GetProperty("SequenceNumberRange").TryGetProperty("EndingSequenceNumber", out _));
        Assert.False(shard.TryGetProperty("ParentShardId", out _));
        Assert.False(description.TryGetProperty("LastEvaluatedShardId", out _));

        var after = await Streams.DescribeStreamAsync(arn, exclusiveStartShardId: shard.GetProperty("ShardId").GetString());
        Assert.Empty(after.GetProperty("Shards").EnumerateArray());
    }

    [Fact]
    public async Task DescribeStream_of_an_unknown_or_malformed_arn_fails()
    {
        var (_, arn) = await CreateStreamedTableAsync(StreamViewType.KEYS_ONLY);
        var unknown = arn[..(arn.LastIndexOf('/') + 1)] + "2000-01-01T00:00:00.000";
        var error = await Assert.ThrowsAsync<StreamsApiException>(() => Streams.DescribeStreamAsync(unknown));
        Assert.Equal("ResourceNotFoundException: " + $"Requested resource not found: Stream: {unknown} not found", error.ErrorCode + ": " + error.Message);
        Assert.Equal($"Requested resource not found: Stream: {unknown} not found", error.Message);
        await StreamsClient.ErrorAsync(() => Streams.DescribeStreamAsync("sdfadfsdfnlfkajakfgjalksfgklasjklasdjfklasdfasdfgasf"), "ValidationException");
        var tooShort = await StreamsClient.ErrorAsync(() => Streams.DescribeStreamAsync("arn:short"), "ValidationException");
        Assert.Equal("1 validation error detected: Value 'arn:short' at 'streamArn' failed to satisfy constraint: Member must have length greater than or equal to 37", tooShort.Message);
    }

    [Fact]
    public async Task Iterators_start_where_their_type_says()
    {
        var (table, arn) = await CreateStreamedTableAsync(StreamViewType.KEYS_ONLY);
        var shard = await OnlyShardAsync(arn);
        await PutAsync(table, Item(("pk", S("1"))));
        await PutAsync(table, Item(("pk", S("2"))));
        var latest = await Streams.GetShardIteratorAsync(arn, shard, "LATEST");
        await PutAsync(table, Item(("pk", S("3"))));

        var all = (await Streams.GetRecordsAsync(await Streams.GetShardIteratorAsync(arn, shard, "TRIM_HORIZON"))).Records;
        Assert.Equal(["1", "2", "3"], all.Select(r => r.Key()));
        Assert.Equal(["3"], (await Streams.GetRecordsAsync(latest)).Records.Select(r => r.Key()));

        var second = all[1].SequenceNumber;
        Assert.Equal(["2", "3"], (await Streams.GetRecordsAsync(await Streams.GetShardIteratorAsync(arn, shard, "AT_SEQUENCE_NUMBER", second))).Records.Select(r => r.Key()));
        Assert.Equal(["3"], (await Streams.GetRecordsAsync(await Streams.GetShardIteratorAsync(arn, shard, "AFTER_SEQUENCE_NUMBER", second))).Records.Select(r => r.Key()));

        var start = (await Streams.DescribeStreamAsync(arn)).GetProperty("Shards")[0].GetProperty("SequenceNumberRange").GetProperty("StartingSequenceNumber").GetString();
        Assert.Equal(3, (await Streams.GetRecordsAsync(await Streams.GetShardIteratorAsync(arn, shard, "AT_SEQUENCE_NUMBER", start))).Records.Count);
    }

    [Fact]
    public async Task GetRecords_pages_by_limit_and_the_next_iterator_continues_exactly_where_the_page_ended()
    {
        var (table, arn) = await CreateStreamedTableAsync(StreamViewType.KEYS_ONLY);
        for (var i = 0; i < 7; i++)
        {
            await PutAsync(table, Item(("pk", S(i.ToString(CultureInfo.InvariantCulture)))));
        }

        var keys = new List<string>();
        string? iterator = await Streams.GetShardIteratorAsync(arn, await OnlyShardAsync(arn), "TRIM_HORIZON");
        var pages = 0;
        while (iterator is not null && pages < 10)
        {
            var (records, next) = await Streams.GetRecordsAsync(iterator, limit: 3);
            Assert.True(records.Count <= 3);
            keys.AddRange(records.Select(r => r.Key()));
            pages++;
            if (records.Count == 0)
            {
                Assert.NotNull(next); // an open shard always has a next iterator
                break;
            }

            iterator = next;
        }

        Assert.Equal(Enumerable.Range(0, 7).Select(i => i.ToString(CultureInfo.InvariantCulture)), keys);
        Assert.Equal(4, pages);
    }

    [Fact]
    public async Task GetShardIterator_rejects_inconsistent_parameters_and_unknown_shards()
    {
        var (_, arn) = await CreateStreamedTableAsync(StreamViewType.KEYS_ONLY);
        var shard = await OnlyShardAsync(arn);
        var sequence = new string('1', 21);

        await StreamsClient.ErrorAsync(() => Streams.GetShardIteratorAsync(arn, shard, "AT_SEQUENCE_NUMBER"), "ValidationException");
        await StreamsClient.ErrorAsync(() => Streams.GetShardIteratorAsync(arn, shard, "AFTER_SEQUENCE_NUMBER"), "ValidationException");
        await StreamsClient.ErrorAsync(() => Streams.GetShardIteratorAsync(arn, shard, "TRIM_HORIZON", sequence), "ValidationException");
        await StreamsClient.ErrorAsync(() => Streams.GetShardIteratorAsync(arn, shard, "LATEST", "sdfsafglldfngjdafnasdflgnaldklkafdsgklnasdlv"), "ValidationException");
        await StreamsClient.ErrorAsync(() => Streams.GetShardIteratorAsync(arn, shard, "AT_SEQUENCE_NUMBER", new string('x', 25)), "ValidationException");
        var badType = await StreamsClient.ErrorAsync(() => Streams.GetShardIteratorAsync(arn, shard, "bulle"), "ValidationException");
        Assert.Equal(
            "1 validation error detected: Value 'bulle' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: [TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER]",
            badType.Message);
        await StreamsClient.ErrorAsync(() => Streams.GetShardIteratorAsync(arn, "shardId-00000000000000000000-deadbeef", "LATEST"), "ResourceNotFoundException");
        await StreamsClient.ErrorAsync(() => Streams.GetShardIteratorAsync("sdfadsfsdfsdgdfsgsfdabadfbabdadsfsdfsdfsdfsdfsdfsdfdfdssdffbdfdf", shard, "LATEST"), "ValidationException");
    }

    [Fact]
    public async Task GetRecords_rejects_garbled_iterators_and_bad_limits()
    {
        var (_, arn) = await CreateStreamedTableAsync(StreamViewType.KEYS_ONLY);
        var iterator = await Streams.GetShardIteratorAsync(arn, await OnlyShardAsync(arn), "TRIM_HORIZON");

        var garbled = await StreamsClient.ErrorAsync(() => Streams.GetRecordsAsync("sdfsdfsgagaddafgagasgasgasdfasdfasdfasdfasdgasdasdgasdg"), "ValidationException");
        Assert.Equal("Invalid ShardIterator", garbled.Message);
        await StreamsClient.ErrorAsync(() => Streams.GetRecordsAsync(iterator[..^4] + "AAA="), "ValidationException");
        var tooMany = await StreamsClient.ErrorAsync(() => Streams.GetRecordsAsync(iterator, limit: 1001), "ValidationException");
        Assert.Equal("1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000", tooMany.Message);
        await StreamsClient.ErrorAsync(() => Streams.GetRecordsAsync(iterator, limit: 0), "ValidationException");
    }

    [Fact]
    public async Task A_disabled_stream_stays_listed_and_readable_and_its_closed_shard_ends()
    {
        var (table, arn) = await CreateStreamedTableAsync(StreamViewType.KEYS_ONLY);
        var shard = await OnlyShardAsync(arn);
        var latest = await Streams.GetShardIteratorAsync(arn, shard, "LATEST");
        await PutAsync(table, Item(("pk", S("kept"))));
        await Ddb.UpdateTableAsync(new UpdateTableRequest { TableName = table, StreamSpecification = new StreamSpecification { StreamEnabled = false } }, Ct);
        await PutAsync(table, Item(("pk", S("after-disable"))));

        var description = await Streams.DescribeStreamAsync(arn);
        Assert.Equal("DISABLED", description.GetProperty("StreamStatus").GetString());
        var range = description.GetProperty("Shards")[0].GetProperty("SequenceNumberRange");
        Assert.Matches("^[0-9]{21,40}$", range.GetProperty("EndingSequenceNumber").GetString());
        Assert.Contains(arn, (await Streams.ListStreamsAsync(table)).GetProperty("Streams").EnumerateArray().Select(s => s.GetProperty("StreamArn").GetString()));

        var (records, next) = await Streams.GetRecordsAsync(latest);
        Assert.Equal(["kept"], records.Select(r => r.Key()));
        if (next is not null)
        {
            var (rest, end) = await Streams.GetRecordsAsync(next);
            Assert.Empty(rest);
            Assert.Null(end);
        }

        var again = await Streams.GetRecordsAsync(await Streams.GetShardIteratorAsync(arn, shard, "TRIM_HORIZON"));
        Assert.Equal(["kept"], again.Records.Select(r => r.Key()));
    }

    [Fact]
    public async Task A_deleted_tables_stream_is_disabled_but_readable()
    {
        var (table, arn) = await CreateStreamedTableAsync(StreamViewType.NEW_AND_OLD_IMAGES);
        await PutAsync(table, Item(("pk", S("x"))));
        await Ddb.DeleteTableAsync(table, Ct);

        Assert.Equal("DISABLED", (await Streams.DescribeStreamAsync(arn)).GetProperty("StreamStatus").GetString());
        Assert.Equal(["x"], (await Streams.ReadAllAsync(arn)).Select(r => r.Key()));
    }

    [Fact]
    public async Task Streams_operations_answer_only_under_the_streams_target_prefix()
    {
        var wrongPrefix = await Assert.ThrowsAsync<StreamsApiException>(() => Streams.CallAsync("ListStreams", new JsonObject(), "DynamoDB_20120810."));
        Assert.Equal("UnknownOperationException", wrongPrefix.ErrorCode);
        var tableOperation = await Assert.ThrowsAsync<StreamsApiException>(() => Streams.CallAsync("ListTables", new JsonObject()));
        Assert.Equal("UnknownOperationException", tableOperation.ErrorCode);
    }
}
