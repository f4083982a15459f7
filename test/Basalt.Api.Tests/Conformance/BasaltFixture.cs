using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace Basalt.Api.Tests.Conformance;

/// <summary>
/// One in-memory Basalt server on a free port, shared by the tests of one class, and an AWS SDK
/// client for it. It runs the replicated configuration — three storage nodes, every table in four
/// partitions — so every conformance case goes through leaders, quorums and cross-partition reads.
/// </summary>
public sealed class BasaltFixture : IAsyncLifetime
{
    private BasaltServer? server;
    private AmazonDynamoDBClient? client;

    public BasaltServer Server => server ?? throw new InvalidOperationException("The server did not start.");

    public AmazonDynamoDBClient Client => client ?? throw new InvalidOperationException("The server did not start.");

    public Uri Url => Server.Url;

    public async ValueTask InitializeAsync()
    {
        server = await BasaltServer.StartAsync(new BasaltServerOptions { Port = 0, InMemory = true, Replicas = 3, InitialPartitions = 4 });
        client = CreateClient(server.Url, "us-east-1");
    }

    /// <summary>A client for the shared server signing for another region (tables are namespaced by region).</summary>
    public AmazonDynamoDBClient CreateClient(string region) => CreateClient(Url, region);

    private static AmazonDynamoDBClient CreateClient(Uri url, string region) =>
        new(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), new AmazonDynamoDBConfig
        {
            ServiceURL = url.ToString(),
            AuthenticationRegion = region,
            MaxErrorRetry = 0,
        });

    public async ValueTask DisposeAsync()
    {
        client?.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
