using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Basalt.Api.Tests.Server;

namespace Basalt.Api.Tests.Indexes;

/// <summary>The item-collection limit of tables with local indexes (10 GB in DynamoDB; 4 KB here so a test can reach it).</summary>
public sealed class ItemCollectionLimitTests
{
    [Fact]
    public async Task A_collection_cannot_grow_past_the_limit_but_other_collections_and_shrinking_writes_go_on()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await BasaltServer.StartAsync(new BasaltServerOptions { Port = 0, InMemory = true, ItemCollectionSizeLimitBytes = 4096 }, ct);
        using var db = ServerClient.For(server);
        await db.CreateTableAsync(new CreateTableRequest
        {
            TableName = "collections",
            KeySchema = [new("pk", KeyType.HASH), new("sk", KeyType.RANGE)],
            AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("sk", ScalarAttributeType.S), new("at", ScalarAttributeType.S)],
            BillingMode = BillingMode.PAY_PER_REQUEST,
            LocalSecondaryIndexes = [new() { IndexName = "by-at", KeySchema = [new("pk", KeyType.HASH), new("at", KeyType.RANGE)], Projection = new() { ProjectionType = ProjectionType.KEYS_ONLY } }],
        }, ct);
        Dictionary<string, AttributeValue> Item(string pk, int n) => new()
        {
            ["pk"] = new() { S = pk },
            ["sk"] = new() { S = "s" + n.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["at"] = new() { S = "t" + n.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["fill"] = new() { S = new string('x', 900) },
        };

        var written = 0;
        AmazonDynamoDBException? refused = null;
        while (refused is null && written < 10)
        {
            try
            {
                await db.PutItemAsync("collections", Item("hot", written), ct);
                written++;
            }
            catch (AmazonDynamoDBException error)
            {
                refused = error;
            }
        }

        Assert.NotNull(refused);
        Assert.Equal("ItemCollectionSizeLimitExceededException", refused.ErrorCode);
        Assert.InRange(written, 3, 4);
        await db.PutItemAsync("collections", Item("cold", 0), ct);
        await db.DeleteItemAsync("collections", new() { ["pk"] = new() { S = "hot" }, ["sk"] = new() { S = "s0" } }, ct);
        await db.PutItemAsync("collections", Item("hot", 100), ct);
    }
}
