using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Basalt.Api.Tests.Server;

/// <summary>A durable server stopped and started again on the same data directory keeps everything.</summary>
public sealed class DurableRestartTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "basalt-restart-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Restart_RecoversTablesItemsAndStatistics()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var server = await BasaltServer.StartAsync(new BasaltServerOptions { Port = 0, DataDirectory = _dataDir }, ct))
        {
            using var client = ServerClient.For(server);
            await client.CreateTableAsync(KeyedTable("Orders"), ct);
            for (var i = 0; i < 50; i++)
            {
                await client.PutItemAsync("Orders", Item("c1", i), ct);
            }

            await client.DeleteItemAsync("Orders", Key("c1", 0), ct);
        }

        await using (var server = await BasaltServer.StartAsync(new BasaltServerOptions { Port = 0, DataDirectory = _dataDir }, ct))
        {
            using var client = ServerClient.For(server);
            var description = await client.DescribeTableAsync("Orders", ct);
            Assert.Equal(49, description.Table.ItemCount);
            var query = await client.QueryAsync(new QueryRequest
            {
                TableName = "Orders",
                KeyConditionExpression = "pk = :p",
                ExpressionAttributeValues = new() { [":p"] = new AttributeValue { S = "c1" } },
            }, ct);
            Assert.Equal(49, query.Count);
            Assert.Equal("1", query.Items[0]["sk"].N);
            Assert.Equal("payload-49", query.Items[^1]["data"].S);
        }
    }

    [Fact]
    public async Task DeletedTable_StaysDeletedAndItsNameCanBeReused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var server = await BasaltServer.StartAsync(new BasaltServerOptions { Port = 0, DataDirectory = _dataDir }, ct))
        {
            using var client = ServerClient.For(server);
            await client.CreateTableAsync(KeyedTable("Temp"), ct);
            await client.PutItemAsync("Temp", Item("a", 1), ct);
            await client.DeleteTableAsync("Temp", ct);
            await client.CreateTableAsync(KeyedTable("Temp"), ct);
            var scan = await client.ScanAsync(new ScanRequest { TableName = "Temp" }, ct);
            Assert.Equal(0, scan.Count);
        }

        await using (var server = await BasaltServer.StartAsync(new BasaltServerOptions { Port = 0, DataDirectory = _dataDir }, ct))
        {
            using var client = ServerClient.For(server);
            var tables = await client.ListTablesAsync(new ListTablesRequest(), ct);
            Assert.Equal(["Temp"], tables.TableNames);
            Assert.Equal(0, (await client.ScanAsync(new ScanRequest { TableName = "Temp" }, ct)).Count);
        }
    }

    [Fact]
    public async Task TablesAreNamespacedByRegion()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await BasaltServer.StartAsync(new BasaltServerOptions { Port = 0, InMemory = true }, ct);
        using var east = ServerClient.For(server, "us-east-1");
        using var west = ServerClient.For(server, "eu-west-1");
        await east.CreateTableAsync(KeyedTable("Shared"), ct);
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => west.DescribeTableAsync("Shared", ct));
        await west.CreateTableAsync(KeyedTable("Shared"), ct);
        var arn = (await west.DescribeTableAsync("Shared", ct)).Table.TableArn;
        Assert.StartsWith("arn:aws:dynamodb:eu-west-1:", arn, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Logs_are_compacted_and_a_restart_still_has_every_item(int replicas)
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new BasaltServerOptions
        {
            Port = 0,
            DataDirectory = _dataDir,
            Replicas = replicas,
            InitialPartitions = 2,
            Node = new Node.NodeOptions { LogCompactionThreshold = 8 },
        };
        const int Writes = 120;
        await using (var server = await BasaltServer.StartAsync(options, ct))
        {
            using var client = ServerClient.For(server);
            await client.CreateTableAsync(KeyedTable("Orders"), ct);
            for (var i = 0; i < Writes; i++)
            {
                await client.PutItemAsync("Orders", Item("c" + (i % 7), i), ct);
            }
        }

        // Each node keeps far fewer log entries than the writes it applied (the rest were dropped).
        foreach (var dir in Enumerable.Range(1, replicas).Select(n => n == 1 ? _dataDir : Path.Combine(_dataDir, $"node-{n}")))
        {
            using var storage = Basalt.Storage.RocksDbStorageEngine.Open(dir);
            using var cursor = storage.OpenCursor(Basalt.Storage.ColumnFamily.Log, [], [], reverse: false);
            var logRecords = 0;
            while (cursor.MoveNext())
            {
                logRecords++;
            }

            // Followers do not compact; only the leader (node 1 at start-up) must have.
            if (dir == _dataDir)
            {
                Assert.InRange(logRecords, 1, Writes / 2);
            }
        }

        await using (var server = await BasaltServer.StartAsync(options, ct))
        {
            using var client = ServerClient.For(server);
            for (var i = 0; i < Writes; i++)
            {
                var got = await client.GetItemAsync(new GetItemRequest { TableName = "Orders", Key = Key("c" + (i % 7), i), ConsistentRead = true }, ct);
                Assert.Equal("payload-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), got.Item["data"].S);
            }

            await client.PutItemAsync("Orders", Item("after", 1), ct);
            Assert.Equal(Writes + 1, (await client.ScanAsync(new ScanRequest { TableName = "Orders", ConsistentRead = true }, ct)).Count);
        }
    }

    private static CreateTableRequest KeyedTable(string name) => new()
    {
        TableName = name,
        KeySchema = [new KeySchemaElement("pk", KeyType.HASH), new KeySchemaElement("sk", KeyType.RANGE)],
        AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S), new AttributeDefinition("sk", ScalarAttributeType.N)],
        BillingMode = BillingMode.PAY_PER_REQUEST,
    };

    private static Dictionary<string, AttributeValue> Key(string pk, int sk) => new()
    {
        ["pk"] = new AttributeValue { S = pk },
        ["sk"] = new AttributeValue { N = sk.ToString(System.Globalization.CultureInfo.InvariantCulture) },
    };

    private static Dictionary<string, AttributeValue> Item(string pk, int sk)
    {
        var item = Key(pk, sk);
        item["data"] = new AttributeValue { S = "payload-" + sk.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        return item;
    }
}
