using Amazon.DynamoDBv2.Model;
using static Basalt.Api.Tests.Conformance.Av;

namespace Basalt.Api.Tests.Streams;

/// <summary>Iterator expiry (15 minutes) and the 24-hour retention, on the server's clock.</summary>
public sealed class StreamRetentionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_iterator_expires_15_minutes_after_it_was_issued_and_each_next_iterator_is_fresh()
    {
        await using var server = await ClockedServer.StartAsync();
        var arn = (await server.CreateTableAsync("expiry", "KEYS_ONLY"))!;
        var shard = (await server.Streams.ShardsAsync(arn))[0].GetProperty("ShardId").GetString()!;
        var iterator = await server.Streams.GetShardIteratorAsync(arn, shard, "TRIM_HORIZON");

        server.Clock.Advance(TimeSpan.FromMinutes(14));
        var (_, next) = await server.Streams.GetRecordsAsync(iterator);
        server.Clock.Advance(TimeSpan.FromMinutes(14));
        await server.Streams.GetRecordsAsync(next!); // 28 minutes after the first, 14 after its own issue

        var error = await StreamsClient.ErrorAsync(() => server.Streams.GetRecordsAsync(iterator), "ExpiredIteratorException");
        Assert.Equal("The provided iterator exceeds the maximum age allowed.", error.Message);
    }

    [Fact]
    public async Task Records_older_than_24_hours_are_trimmed_and_reading_past_the_trim_point_fails()
    {
        await using var server = await ClockedServer.StartAsync();
        var arn = (await server.CreateTableAsync("retention", "KEYS_ONLY"))!;
        var shard = (await server.Streams.ShardsAsync(arn))[0].GetProperty("ShardId").GetString()!;
        await server.Ddb.PutItemAsync(new PutItemRequest { TableName = "retention", Item = Item(("pk", S("old"))) }, Ct);
        var oldSequence = (await server.Streams.ReadAllAsync(arn)).Single().SequenceNumber;
        server.Clock.Advance(TimeSpan.FromHours(23));
        await server.Ddb.PutItemAsync(new PutItemRequest { TableName = "retention", Item = Item(("pk", S("young"))) }, Ct);

        Assert.Equal(0, await server.Server.Database.Streams.Retention.TrimAsync(Ct)); // nothing is 24 hours old yet
        server.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var horizon = await server.Streams.GetShardIteratorAsync(arn, shard, "TRIM_HORIZON");   // taken before the trim
        var atOld = await server.Streams.GetShardIteratorAsync(arn, shard, "AT_SEQUENCE_NUMBER", oldSequence);

        Assert.Equal(1, await server.Server.Database.Streams.Retention.TrimAsync(Ct));

        var error = await StreamsClient.ErrorAsync(() => server.Streams.GetRecordsAsync(horizon), "TrimmedDataAccessException");
        Assert.Equal("The data you are trying to access has been trimmed", error.Message);
        await StreamsClient.ErrorAsync(() => server.Streams.GetRecordsAsync(atOld), "TrimmedDataAccessException");
        await StreamsClient.ErrorAsync(() => server.Streams.GetShardIteratorAsync(arn, shard, "AT_SEQUENCE_NUMBER", oldSequence), "TrimmedDataAccessException");
        Assert.Equal(["young"], (await server.Streams.ReadAllAsync(arn)).Select(r => r.Key()));
    }

    [Fact]
    public async Task Trimming_removes_the_records_from_every_storage_node()
    {
        await using var server = await ClockedServer.StartAsync(replicas: 3);
        var arn = (await server.CreateTableAsync("everywhere", "KEYS_ONLY"))!;
        await server.Ddb.PutItemAsync(new PutItemRequest { TableName = "everywhere", Item = Item(("pk", S("old"))) }, Ct);
        var database = server.Server.Database;
        var table = database.Catalog.Find("us-east-1", "everywhere")!;
        var stream = database.Streams.Catalog.All.Single(s => s.TableId == table.Id);
        for (var node = 1UL; node <= 3; node++)
        {
            await database.Cluster.CatchUpAsync(table, node, Ct);
        }

        Assert.Equal([1, 1, 1], database.Cluster.Engines.Select(e => RecordsOn(e, stream)));
        server.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await database.Streams.Retention.TrimAsync(Ct));
        Assert.Equal([0, 0, 0], database.Cluster.Engines.Select(e => RecordsOn(e, stream)));
    }

    private static int RecordsOn(Basalt.Storage.IStorageEngine engine, Basalt.Api.Streams.StreamDescriptor stream)
    {
        var (lower, upper) = Basalt.Api.Streams.ShardReader.StreamRange(stream);
        using var cursor = engine.OpenCursor(Basalt.Storage.ColumnFamily.Data, lower, upper, reverse: false);
        var count = 0;
        while (cursor.MoveNext())
        {
            count++;
        }

        return count;
    }

    [Fact]
    public async Task A_disabled_stream_is_gone_24_hours_after_it_was_disabled()
    {
        await using var server = await ClockedServer.StartAsync();
        var arn = (await server.CreateTableAsync("gone", "NEW_IMAGE"))!;
        await server.Ddb.PutItemAsync(new PutItemRequest { TableName = "gone", Item = Item(("pk", S("a"))) }, Ct);
        await server.Ddb.UpdateTableAsync(new UpdateTableRequest { TableName = "gone", StreamSpecification = new StreamSpecification { StreamEnabled = false } }, Ct);

        server.Clock.Advance(TimeSpan.FromHours(23));
        await server.Server.Database.Streams.Retention.TrimAsync(Ct);
        Assert.Equal("DISABLED", (await server.Streams.DescribeStreamAsync(arn)).GetProperty("StreamStatus").GetString());

        server.Clock.Advance(TimeSpan.FromHours(2));
        await server.Server.Database.Streams.Retention.TrimAsync(Ct);
        await StreamsClient.ErrorAsync(() => server.Streams.DescribeStreamAsync(arn), "ResourceNotFoundException");
        Assert.Empty((await server.Streams.ListStreamsAsync("gone")).GetProperty("Streams").EnumerateArray());
        Assert.Equal(arn, (await server.Ddb.DescribeTableAsync("gone", Ct)).Table.LatestStreamArn);
    }
}
