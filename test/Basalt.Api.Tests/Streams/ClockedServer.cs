using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace Basalt.Api.Tests.Streams;

/// <summary>An in-memory server on a manual clock whose background sweeps never run by themselves, with SDK and Streams clients.</summary>
internal sealed class ClockedServer : IAsyncDisposable
{
    private ClockedServer(BasaltServer server, ManualClock clock)
    {
        Server = server;
        Clock = clock;
        Ddb = new AmazonDynamoDBClient(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), new AmazonDynamoDBConfig
        {
            ServiceURL = server.Url.ToString(),
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
        });
        Streams = new StreamsClient(server.Url);
    }

    public BasaltServer Server { get; }

    public ManualClock Clock { get; }

    public AmazonDynamoDBClient Ddb { get; }

    public StreamsClient Streams { get; }

    public static async Task<ClockedServer> StartAsync(DateTimeOffset? start = null, int replicas = 1)
    {
        var clock = new ManualClock(start ?? new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var server = await BasaltServer.StartAsync(new BasaltServerOptions { Port = 0, InMemory = true, Clock = clock, SweepInterval = Timeout.InfiniteTimeSpan, Replicas = replicas });
        return new ClockedServer(server, clock);
    }

    /// <summary>Creates a table with partition key "pk" (S), optionally with a stream; returns the stream ARN (or null).</summary>
    public async Task<string?> CreateTableAsync(string name, string? viewType)
    {
        var response = await Ddb.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
            StreamSpecification = viewType is null ? null : new StreamSpecification { StreamEnabled = true, StreamViewType = viewType },
        }, TestContext.Current.CancellationToken);
        return response.TableDescription.LatestStreamArn;
    }

    public async ValueTask DisposeAsync()
    {
        Ddb.Dispose();
        Streams.Dispose();
        await Server.DisposeAsync();
    }
}
