using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Basalt.Api.Tests.Admission;

/// <summary>Provisioned and on-demand throttling end to end: the real server over HTTP, the AWS SDK, virtual time.</summary>
public sealed class ThrottlingTests(AdmissionServer server) : IClassFixture<AdmissionServer>
{
    private const string ProvisionedMessage =
        "The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.";

    [Fact]
    public async Task A_table_with_5_WCU_absorbs_300_seconds_of_burst_then_is_held_near_5_writes_a_second()
    {
        var table = await server.CreateTableAsync("burst5", BillingMode.PROVISIONED, read: 5, write: 5);

        // As fast as a partition takes writes (1,000 WCU/s): 2 s of virtual time.
        var burst = await server.WriteAsync(table, 2000, TimeSpan.FromMilliseconds(1));
        // Then 20 writes a second for 30 s.
        var steady = await server.WriteAsync(table, 600, TimeSpan.FromMilliseconds(50));

        Assert.InRange(burst.Admitted, 1500, 1515);
        Assert.InRange(steady.Admitted, 145, 156);
        var throttle = Assert.IsType<ProvisionedThroughputExceededException>(steady.LastThrottle);
        Assert.Equal(ProvisionedMessage, throttle.Message);
        Assert.Equal(400, (int)throttle.StatusCode);
        var reason = Assert.Single(throttle.ThrottlingReasons);
        Assert.Equal("TableWriteProvisionedThroughputExceeded", reason.Reason);
        Assert.Equal("arn:aws:dynamodb:us-east-1:000000000000:table/burst5", reason.Resource);
    }

    [Fact]
    public async Task A_throttled_table_switched_to_on_demand_stops_throttling_within_seconds()
    {
        var table = await server.CreateTableAsync("switch", BillingMode.PROVISIONED, read: 5, write: 5);
        var burst = await server.WriteAsync(table, 1700, TimeSpan.FromMilliseconds(1));
        Assert.NotNull(burst.LastThrottle);

        await server.Client.UpdateTableAsync(new UpdateTableRequest { TableName = table, BillingMode = BillingMode.PAY_PER_REQUEST }, TestContext.Current.CancellationToken);
        var after = await server.WriteAsync(table, 300, TimeSpan.FromMilliseconds(10));

        Assert.Equal(300, after.Admitted);
    }

    [Fact]
    public async Task Reads_are_throttled_separately_from_writes_with_the_read_reason()
    {
        var table = await server.CreateTableAsync("reads", BillingMode.PROVISIONED, read: 1, write: 100);
        await server.TryPutAsync(table, "a");
        ProvisionedThroughputExceededException? throttle = null;
        for (var i = 0; i < 400 && throttle is null; i++)
        {
            try
            {
                await server.Client.GetItemAsync(new GetItemRequest
                {
                    TableName = table,
                    Key = new Dictionary<string, AttributeValue> { ["pk"] = new AttributeValue { S = "a" } },
                    ConsistentRead = true,
                }, TestContext.Current.CancellationToken);
            }
            catch (ProvisionedThroughputExceededException error)
            {
                throttle = error;
            }

            server.Clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.NotNull(throttle);
        Assert.Equal("TableReadProvisionedThroughputExceeded", Assert.Single(throttle.ThrottlingReasons).Reason);
        Assert.Null(await server.TryPutAsync(table, "b"));
    }

    [Fact]
    public async Task A_hot_key_on_an_on_demand_table_is_throttled_with_ThrottlingException_at_the_partition_cap()
    {
        var table = await server.CreateTableAsync("hotkey", BillingMode.PAY_PER_REQUEST);

        // 5,000 writes a second to one key for 0.5 s: its partition takes 1,000 a second, plus the second's worth it holds.
        var hot = await server.WriteAsync(table, 2500, TimeSpan.FromTicks(TimeSpan.TicksPerMillisecond / 5), _ => "hot");

        Assert.InRange(hot.Admitted, 1490, 1510);
        var throttle = Assert.IsType<ThrottlingException>(hot.LastThrottle);
        Assert.StartsWith("Throughput exceeds the current capacity of your table or index.", throttle.Message, StringComparison.Ordinal);
        var reason = Assert.Single(throttle.ThrottlingReasons);
        Assert.Equal("TableWriteKeyRangeThroughputExceeded", reason.Reason);
        Assert.Equal("arn:aws:dynamodb:us-east-1:000000000000:table/hotkey", reason.Resource);
    }

    [Fact]
    public async Task A_small_provisioned_table_serves_its_first_writes_at_once()
    {
        var table = await server.CreateTableAsync("small", BillingMode.PROVISIONED, read: 1, write: 1);

        var first = await server.WriteAsync(table, 50, TimeSpan.Zero);

        Assert.Equal(50, first.Admitted);
    }

    [Fact]
    public async Task With_admission_control_disabled_nothing_is_throttled()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var unlimited = await BasaltServer.StartAsync(
            new BasaltServerOptions { Port = 0, InMemory = true, Clock = clock, Admission = new Basalt.Router.Admission.AdmissionOptions { Enabled = false } },
            TestContext.Current.CancellationToken);
        using var client = new AmazonDynamoDBClient(
            new Amazon.Runtime.BasicAWSCredentials("AKIDEXAMPLE", "secret"),
            new AmazonDynamoDBConfig { ServiceURL = unlimited.Url.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        await client.CreateTableAsync(
            new CreateTableRequest
            {
                TableName = "unlimited",
                BillingMode = BillingMode.PROVISIONED,
                ProvisionedThroughput = new ProvisionedThroughput(1, 1),
                KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
                AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
            },
            TestContext.Current.CancellationToken);

        for (var i = 0; i < 600; i++)
        {
            await client.PutItemAsync("unlimited", new Dictionary<string, AttributeValue> { ["pk"] = new AttributeValue { S = "k" + i } }, TestContext.Current.CancellationToken);
        }
    }
}
