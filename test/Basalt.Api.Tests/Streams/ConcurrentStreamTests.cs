using System.Collections.Concurrent;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using static Basalt.Api.Tests.Conformance.Av;

namespace Basalt.Api.Tests.Streams;

/// <summary>
/// Concurrent writers on a durable server (group commit: batches become durable in any order)
/// while a reader follows the stream with NextShardIterator: the reader sees every acknowledged
/// change exactly once, and each item's changes in order.
/// </summary>
public sealed class ConcurrentStreamTests : IAsyncLifetime
{
    private const int Writers = 8;
    private const int WritesPerWriter = 40;
    private const int SharedItems = 3;

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "basalt-streams-" + Guid.NewGuid().ToString("N"));
    private BasaltServer? _server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _server = await BasaltServer.StartAsync(new BasaltServerOptions { Port = 0, DataDirectory = _dataDirectory, SweepInterval = Timeout.InfiniteTimeSpan });

    [Fact]
    public async Task A_reader_following_the_stream_during_concurrent_writes_sees_every_change_once_and_in_order_per_item()
    {
        using var ddb = new AmazonDynamoDBClient(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), new AmazonDynamoDBConfig { ServiceURL = _server!.Url.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        using var streams = new StreamsClient(_server.Url);
        var arn = (await ddb.CreateTableAsync(new CreateTableRequest
        {
            TableName = "concurrent",
            BillingMode = BillingMode.PAY_PER_REQUEST,
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
            StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.NEW_IMAGE },
        }, Ct)).TableDescription.LatestStreamArn;
        var shard = (await streams.ShardsAsync(arn)).Single().GetProperty("ShardId").GetString()!;

        var acknowledged = new ConcurrentBag<(string Key, long Version)>();
        var writing = Enumerable.Range(0, Writers).Select(writer => Task.Run(
            async () =>
            {
                for (var i = 0; i < WritesPerWriter; i++)
                {
                    if (i % 2 == 0)
                    {
                        var key = $"own-{writer}-{i}";
                        await ddb.PutItemAsync(new PutItemRequest { TableName = "concurrent", Item = Item(("pk", S(key)), ("n", N(1))) }, Ct);
                        acknowledged.Add((key, 1));
                    }
                    else
                    {
                        var key = "shared-" + (i % SharedItems).ToString(CultureInfo.InvariantCulture);
                        var updated = await ddb.UpdateItemAsync(new UpdateItemRequest
                        {
                            TableName = "concurrent",
                            Key = Item(("pk", S(key))),
                            UpdateExpression = "ADD n :one",
                            ExpressionAttributeValues = new() { [":one"] = N(1) },
                            ReturnValues = ReturnValue.UPDATED_NEW,
                        }, Ct);
                        acknowledged.Add((key, long.Parse(updated.Attributes["n"].N, CultureInfo.InvariantCulture)));
                    }
                }
            },
            Ct)).ToArray();

        var seen = new List<Rec>();
        string? iterator = await streams.GetShardIteratorAsync(arn, shard, "TRIM_HORIZON");
        var done = Task.WhenAll(writing);
        while (true)
        {
            var finished = done.IsCompleted;
            var (records, next) = await streams.GetRecordsAsync(iterator!, limit: 7);
            seen.AddRange(records);
            iterator = next;
            if (finished && records.Count == 0)
            {
                break;
            }
        }

        await done;
        Assert.Equal(seen.Count, seen.Select(r => r.SequenceNumber).Distinct().Count());
        Assert.Equal(Writers * WritesPerWriter, seen.Count);
        Assert.Equal(acknowledged.Count, seen.Count);
        var versions = seen.GroupBy(r => r.Key()).ToDictionary(g => g.Key, g => g.Select(r => long.Parse(Rec.Attr(r.NewImage, "n")!, CultureInfo.InvariantCulture)).ToList());
        foreach (var (key, history) in versions)
        {
            Assert.Equal(Enumerable.Range(1, history.Count).Select(v => (long)v), history); // every version once, in order
        }

        foreach (var (key, version) in acknowledged)
        {
            Assert.Contains(version, versions[key]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
