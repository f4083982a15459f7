using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Basalt.Api.Tests.Server;

namespace Basalt.Api.Tests.Indexes;

/// <summary>One in-memory server and SDK client shared by the index tests of a class.</summary>
public sealed class IndexFixture : IAsyncLifetime
{
    private int _tables;

    public BasaltServer Server { get; private set; } = null!;

    public AmazonDynamoDBClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Server = await BasaltServer.StartAsync(new BasaltServerOptions { Port = 0, InMemory = true, InitialPartitions = 4 });
        Client = ServerClient.For(Server);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }

    public string NewTableName() => "idx-" + Interlocked.Increment(ref _tables).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A table (customer, order#) with an LSI on date, a GSI on status+date (KEYS_ONLY) and a GSI on email (INCLUDE name).</summary>
    public async Task<string> CreateOrdersTableAsync()
    {
        var name = NewTableName();
        await Client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            KeySchema = [new("customer", KeyType.HASH), new("order", KeyType.RANGE)],
            AttributeDefinitions =
            [
                new("customer", ScalarAttributeType.S), new("order", ScalarAttributeType.N),
                new("date", ScalarAttributeType.S), new("status", ScalarAttributeType.S), new("email", ScalarAttributeType.S),
            ],
            BillingMode = BillingMode.PAY_PER_REQUEST,
            LocalSecondaryIndexes =
            [
                new LocalSecondaryIndex
                {
                    IndexName = "by-date",
                    KeySchema = [new("customer", KeyType.HASH), new("date", KeyType.RANGE)],
                    Projection = new Projection { ProjectionType = ProjectionType.KEYS_ONLY },
                },
            ],
            GlobalSecondaryIndexes =
            [
                new GlobalSecondaryIndex
                {
                    IndexName = "by-status",
                    KeySchema = [new("status", KeyType.HASH), new("date", KeyType.RANGE)],
                    Projection = new Projection { ProjectionType = ProjectionType.KEYS_ONLY },
                },
                new GlobalSecondaryIndex
                {
                    IndexName = "by-email",
                    KeySchema = [new("email", KeyType.HASH)],
                    Projection = new Projection { ProjectionType = ProjectionType.INCLUDE, NonKeyAttributes = ["name"] },
                },
            ],
        }, TestContext.Current.CancellationToken);
        return name;
    }
}
