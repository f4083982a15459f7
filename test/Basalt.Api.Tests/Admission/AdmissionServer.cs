using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Basalt.Router.Admission;
using Microsoft.Extensions.Time.Testing;

namespace Basalt.Api.Tests.Admission;

/// <summary>
/// A real Basalt server over HTTP on a virtual clock, with an AWS SDK client that does not retry
/// (so each throttle is seen) and helpers that write items while advancing virtual time.
/// </summary>
public sealed class AdmissionServer : IAsyncLifetime
{
    /// <summary>900 bytes of payload: an item of at most 1 KB, one write capacity unit.</summary>
    private static readonly string Payload = new('x', 900);

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public BasaltServer Server { get; private set; } = null!;

    public AmazonDynamoDBClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        // Partitions hold one second of their hard cap (the default holds five, for large-item spikes).
        Server = await BasaltServer.StartAsync(new BasaltServerOptions
        {
            Port = 0,
            InMemory = true,
            Clock = Clock,
            Admission = new AdmissionOptions { PartitionCapSeconds = 1 },
        });
        Client = CreateClient();
    }

    public AmazonDynamoDBClient CreateClient(int maxErrorRetry = 0, HttpClientFactory? httpClientFactory = null) =>
        new(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), new AmazonDynamoDBConfig
        {
            ServiceURL = Server.Url.ToString(),
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = maxErrorRetry,
            HttpClientFactory = httpClientFactory,
        });

    public async Task<string> CreateTableAsync(string name, BillingMode mode, long read = 0, long write = 0)
    {
        await Client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = mode,
            ProvisionedThroughput = mode == BillingMode.PROVISIONED ? new ProvisionedThroughput(read, write) : null,
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
        });
        return name;
    }

    /// <summary>Puts one 1 KB item; returns null when admitted, else the throttling error.</summary>
    public async Task<AmazonDynamoDBException?> TryPutAsync(string table, string key, AmazonDynamoDBClient? client = null)
    {
        try
        {
            await (client ?? Client).PutItemAsync(new PutItemRequest
            {
                TableName = table,
                Item = new Dictionary<string, AttributeValue>
                {
                    ["pk"] = new AttributeValue { S = key },
                    ["data"] = new AttributeValue { S = Payload },
                },
            });
            return null;
        }
        catch (ProvisionedThroughputExceededException error)
        {
            return error;
        }
        catch (ThrottlingException error)
        {
            return error;
        }
    }

    /// <summary>Offers <paramref name="count"/> writes, <paramref name="interval"/> of virtual time apart; returns how many were admitted.</summary>
    public async Task<(int Admitted, AmazonDynamoDBException? LastThrottle)> WriteAsync(string table, int count, TimeSpan interval, Func<int, string>? key = null)
    {
        var admitted = 0;
        AmazonDynamoDBException? last = null;
        for (var i = 0; i < count; i++)
        {
            var error = await TryPutAsync(table, key?.Invoke(i) ?? "item-" + i);
            if (error is null)
            {
                admitted++;
            }
            else
            {
                last = error;
            }

            Clock.Advance(interval);
        }

        return (admitted, last);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
