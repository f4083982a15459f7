using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Basalt.Storage;
using static Basalt.Api.Tests.Conformance.Av;

namespace Basalt.Api.Tests.Streams;

/// <summary>Streams across clean restarts of a durable server, and the start-up repair of a stream whose descriptor was never written.</summary>
public sealed class StreamRestartTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "basalt-stream-restart-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<BasaltServer> StartAsync() =>
        BasaltServer.StartAsync(new BasaltServerOptions { Port = 0, DataDirectory = _dataDirectory, SweepInterval = Timeout.InfiniteTimeSpan }, Ct);

    private static AmazonDynamoDBClient Client(BasaltServer server) => new(
        new BasicAWSCredentials("AKIDEXAMPLE", "secret"),
        new AmazonDynamoDBConfig { ServiceURL = server.Url.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    private static Task CreateAsync(IAmazonDynamoDB ddb, string name) =>
        ddb.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
            StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.NEW_IMAGE },
        }, Ct);

    [Fact]
    public async Task Streams_their_records_and_their_state_survive_a_restart_and_sequence_numbers_keep_rising()
    {
        string live, closed;
        List<Rec> before;
        await using (var server = await StartAsync())
        {
            using var ddb = Client(server);
            using var streams = new StreamsClient(server.Url);
            await CreateAsync(ddb, "live");
            await CreateAsync(ddb, "closed");
            live = await streams.LatestArnAsync("live");
            closed = await streams.LatestArnAsync("closed");
            await ddb.PutItemAsync(new PutItemRequest { TableName = "live", Item = Item(("pk", S("a"))) }, Ct);
            await ddb.PutItemAsync(new PutItemRequest { TableName = "closed", Item = Item(("pk", S("b"))) }, Ct);
            await ddb.UpdateTableAsync(new UpdateTableRequest { TableName = "closed", StreamSpecification = new StreamSpecification { StreamEnabled = false } }, Ct);
            before = await streams.ReadAllAsync(live);
        }

        await using (var server = await StartAsync())
        {
            using var ddb = Client(server);
            using var streams = new StreamsClient(server.Url);
            await ddb.PutItemAsync(new PutItemRequest { TableName = "live", Item = Item(("pk", S("c"))) }, Ct);

            var after = await streams.ReadAllAsync(live);
            Assert.Equal(["a", "c"], after.Select(r => r.Key()));
            Assert.Equal(before[0].SequenceNumber, after[0].SequenceNumber);
            Assert.True(after[1].Sequence > after[0].Sequence);
            Assert.Equal("ENABLED", (await streams.DescribeStreamAsync(live)).GetProperty("StreamStatus").GetString());
            Assert.Equal("DISABLED", (await streams.DescribeStreamAsync(closed)).GetProperty("StreamStatus").GetString());
            Assert.Equal(["b"], (await streams.ReadAllAsync(closed)).Select(r => r.Key()));
        }
    }

    [Fact]
    public async Task A_stream_whose_descriptor_a_crash_lost_is_recreated_at_start_up()
    {
        await using (var server = await StartAsync())
        {
            using var ddb = Client(server);
            await CreateAsync(ddb, "repaired");
        }

        // Simulate a crash between the catalog update and the stream descriptor write.
        using (var storage = RocksDbStorageEngine.Open(_dataDirectory))
        {
            var prefix = "stream/"u8.ToArray();
            var batch = new WriteBatch();
            using (var cursor = storage.OpenCursor(ColumnFamily.Meta, prefix, "stream0"u8, reverse: false))
            {
                while (cursor.MoveNext())
                {
                    batch.Delete(ColumnFamily.Meta, cursor.Key);
                }
            }

            Assert.Equal(1, batch.Count);
            await storage.WriteAsync(batch, sync: true, Ct);
        }

        await using (var server = await StartAsync())
        {
            using var ddb = Client(server);
            using var streams = new StreamsClient(server.Url);
            var arn = (await ddb.DescribeTableAsync("repaired", Ct)).Table.LatestStreamArn;
            await ddb.PutItemAsync(new PutItemRequest { TableName = "repaired", Item = Item(("pk", S("x"))) }, Ct);

            Assert.Equal(arn, await streams.LatestArnAsync("repaired"));
            Assert.Equal(["x"], (await streams.ReadAllAsync(arn)).Select(r => r.Key()));
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
