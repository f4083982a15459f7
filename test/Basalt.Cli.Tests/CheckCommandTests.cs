using System.CommandLine;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Basalt.Api;
using Basalt.Model;
using Basalt.Storage;

namespace Basalt.Cli.Tests;

/// <summary><c>basalt check</c> on the data directory of a stopped three-node server: indexes against tables, and replicas against each other.</summary>
public sealed class CheckCommandTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "basalt-check-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Check_PassesOnIdenticalReplicas_AndReportsAnItemMissingOnOneNode()
    {
        var ct = TestContext.Current.CancellationToken;
        ulong tableId;
        await using (var server = await BasaltServer.StartAsync(
            new BasaltServerOptions { Port = 0, DataDirectory = _dataDirectory, Replicas = 3, InitialPartitions = 2 }, ct))
        {
            using var client = new AmazonDynamoDBClient(
                new BasicAWSCredentials("check", "check"), new AmazonDynamoDBConfig { ServiceURL = server.Url.ToString(), AuthenticationRegion = "us-east-1" });
            await client.CreateTableAsync(
                new CreateTableRequest
                {
                    TableName = "checked",
                    KeySchema = [new("pk", KeyType.HASH)],
                    AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("g", ScalarAttributeType.S)],
                    GlobalSecondaryIndexes = [new() { IndexName = "by-g", KeySchema = [new("g", KeyType.HASH)], Projection = new() { ProjectionType = ProjectionType.ALL } }],
                    BillingMode = BillingMode.PAY_PER_REQUEST,
                },
                ct);
            for (var i = 0; i < 40; i++)
            {
                await client.PutItemAsync("checked", new() { ["pk"] = new() { S = $"item-{i}" }, ["g"] = new() { S = $"g{i % 3}" } }, ct);
            }

            tableId = server.Database.Catalog.Get("us-east-1", "checked").Id;
        }

        var (exitCode, output) = await CheckAsync();
        Assert.True(exitCode == 0, output);
        Assert.Contains("indexes consistent: 1 tables, 1 indexes", output, StringComparison.Ordinal);
        Assert.Contains("replicas consistent: 3 nodes, 2 partitions", output, StringComparison.Ordinal);

        // Node 3 loses one item behind the server's back.
        using (var node3 = RocksDbStorageEngine.Open(Path.Combine(_dataDirectory, "node-3")))
        {
            var prefix = KeyCodec.EncodeTablePrefix(tableId);
            byte[] victim;
            using (var cursor = node3.OpenCursor(ColumnFamily.Data, prefix, Api.Items.KeyRanges.PrefixEnd(prefix), reverse: false))
            {
                Assert.True(cursor.MoveNext());
                victim = cursor.Key.ToArray();
            }

            var batch = new WriteBatch();
            batch.Delete(ColumnFamily.Data, victim);
            await node3.WriteAsync(batch, sync: true, ct);
        }

        (exitCode, output) = await CheckAsync();
        Assert.True(exitCode == 1, output);
        Assert.Contains("table checked: key ", output, StringComparison.Ordinal);
        Assert.Contains("is on node 1 but not on node 3", output, StringComparison.Ordinal);
        Assert.Contains("replicas inconsistent: 1 differences", output, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Output)> CheckAsync()
    {
        var root = new RootCommand { CheckCommand.Create() };
        using var output = new StringWriter();
        var exitCode = await root.Parse(["check", "--data-dir", _dataDirectory]).InvokeAsync(
            new InvocationConfiguration { Output = output, Error = output }, TestContext.Current.CancellationToken);
        return (exitCode, output.ToString());
    }
}
