using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Basalt.Api.Tests.Streams;
using static Basalt.Api.Tests.Conformance.Av;

namespace Basalt.Api.Tests.TimeToLive;

/// <summary>The TTL sweeper: what it deletes, what it leaves, and the REMOVE records it leaves in the stream.</summary>
public sealed class TimeToLiveSweepTests
{
    private static readonly DateTimeOffset Start = new(2030, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Seconds(DateTimeOffset time) => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static Task EnableAsync(IAmazonDynamoDB ddb, string table, string attribute = "expires") =>
        ddb.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
        {
            TableName = table,
            TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = attribute, Enabled = true },
        }, Ct);

    private static Task PutAsync(IAmazonDynamoDB ddb, string table, string key, AttributeValue? expires) =>
        ddb.PutItemAsync(new PutItemRequest { TableName = table, Item = expires is null ? Item(("pk", S(key))) : Item(("pk", S(key)), ("expires", expires)) }, Ct);

    private static async Task<bool> ExistsAsync(IAmazonDynamoDB ddb, string table, string key) =>
        (await ddb.GetItemAsync(new GetItemRequest { TableName = table, Key = Item(("pk", S(key))), ConsistentRead = true }, Ct)).IsItemSet;

    [Fact]
    public async Task The_sweep_deletes_only_items_whose_TTL_number_is_past_and_within_five_years()
    {
        await using var server = await ClockedServer.StartAsync(Start);
        await server.CreateTableAsync("ttl", viewType: null);
        await EnableAsync(server.Ddb, "ttl");
        var now = Start;
        await PutAsync(server.Ddb, "ttl", "past", N(Seconds(now.AddMinutes(-1))));
        await PutAsync(server.Ddb, "ttl", "fraction", N(Seconds(now.AddHours(-1)) + ".5"));
        await PutAsync(server.Ddb, "ttl", "future", N(Seconds(now.AddMinutes(1))));
        await PutAsync(server.Ddb, "ttl", "ancient", N(Seconds(now.AddYears(-5).AddDays(-1))));
        await PutAsync(server.Ddb, "ttl", "string", S(Seconds(now.AddMinutes(-1))));
        await PutAsync(server.Ddb, "ttl", "none", null);

        // Expired but not yet swept: still read, as in DynamoDB.
        Assert.True(await ExistsAsync(server.Ddb, "ttl", "past"));
        Assert.Equal(6, (await server.Ddb.ScanAsync(new ScanRequest { TableName = "ttl" }, Ct)).Count);

        Assert.Equal(2, await server.Server.Database.TimeToLive.SweepAsync(Ct));

        Assert.False(await ExistsAsync(server.Ddb, "ttl", "past"));
        Assert.False(await ExistsAsync(server.Ddb, "ttl", "fraction"));
        foreach (var kept in new[] { "future", "ancient", "string", "none" })
        {
            Assert.True(await ExistsAsync(server.Ddb, "ttl", kept), kept + " was deleted");
        }

        server.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await server.Server.Database.TimeToLive.SweepAsync(Ct));
        Assert.False(await ExistsAsync(server.Ddb, "ttl", "future"));
        Assert.Equal(3, (await server.Ddb.DescribeTableAsync("ttl", Ct)).Table.ItemCount);
    }

    [Fact]
    public async Task Nothing_is_swept_while_TTL_is_disabled_or_on_another_attribute()
    {
        await using var server = await ClockedServer.StartAsync(Start);
        await server.CreateTableAsync("off", viewType: null);
        await PutAsync(server.Ddb, "off", "past", N(Seconds(Start.AddDays(-1))));

        Assert.Equal(0, await server.Server.Database.TimeToLive.SweepAsync(Ct));
        await EnableAsync(server.Ddb, "off", "other");
        Assert.Equal(0, await server.Server.Database.TimeToLive.SweepAsync(Ct));
        Assert.True(await ExistsAsync(server.Ddb, "off", "past"));
    }

    [Fact]
    public async Task A_TTL_deletion_leaves_a_REMOVE_record_made_by_the_service()
    {
        await using var server = await ClockedServer.StartAsync(Start);
        var arn = (await server.CreateTableAsync("ttlstream", "NEW_AND_OLD_IMAGES"))!;
        await EnableAsync(server.Ddb, "ttlstream");
        await PutAsync(server.Ddb, "ttlstream", "gone", N(Seconds(Start.AddSeconds(-10))));
        await server.Ddb.DeleteItemAsync(new DeleteItemRequest { TableName = "ttlstream", Key = Item(("pk", S("gone-by-user"))) }, Ct);
        await PutAsync(server.Ddb, "ttlstream", "gone-by-user", null);
        await server.Ddb.DeleteItemAsync(new DeleteItemRequest { TableName = "ttlstream", Key = Item(("pk", S("gone-by-user"))) }, Ct);

        await server.Server.Database.TimeToLive.SweepAsync(Ct);

        var records = await server.Streams.ReadAllAsync(arn);
        var removal = records.Single(r => r.Key() == "gone" && r.EventName == "REMOVE");
        var identity = removal.Json.GetProperty("userIdentity");
        Assert.Equal("dynamodb.amazonaws.com", identity.GetProperty("PrincipalId").GetString());
        Assert.Equal("Service", identity.GetProperty("Type").GetString());
        Assert.NotNull(Rec.Attr(removal.OldImage, "expires"));
        Assert.Null(removal.NewImage);
        var userRemoval = records.Single(r => r.Key() == "gone-by-user" && r.EventName == "REMOVE");
        Assert.False(userRemoval.Json.TryGetProperty("userIdentity", out _));
    }

    [Fact]
    public async Task The_background_sweeper_deletes_expired_items_by_itself()
    {
        await using var server = await BasaltServer.StartAsync(new BasaltServerOptions { Port = 0, InMemory = true, SweepInterval = TimeSpan.FromMilliseconds(20) }, Ct);
        using var ddb = new AmazonDynamoDBClient(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), new AmazonDynamoDBConfig { ServiceURL = server.Url.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        await ddb.CreateTableAsync(new CreateTableRequest
        {
            TableName = "background",
            BillingMode = BillingMode.PAY_PER_REQUEST,
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
        }, Ct);
        await EnableAsync(ddb, "background");
        await PutAsync(ddb, "background", "expired", N(Seconds(DateTimeOffset.UtcNow.AddMinutes(-1))));

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await ExistsAsync(ddb, "background", "expired"))
        {
            Assert.True(DateTime.UtcNow < deadline, "the background sweeper did not delete the expired item");
            await Task.Delay(TimeSpan.FromMilliseconds(10), Ct); // poll for real background work, bounded by the deadline above
        }
    }
}
