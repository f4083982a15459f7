using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Basalt.Api.Tests.ServerProcesses;

namespace Basalt.Api.Tests.Crash;

/// <summary>
/// A durable server is SIGKILLed while it backfills a new global secondary index and while
/// writes keep arriving; after a restart the backfill resumes, the index becomes ACTIVE and
/// <c>basalt check</c> finds it equal to the base table.
/// </summary>
public sealed class IndexBackfillCrashTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "basalt-gsi-crash-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task SigkillDuringBackfill_IndexConvergesToTheBaseTable()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var server = await BasaltProcess.StartDurableAsync(_dataDirectory, ct))
        {
            using var client = Client(server.Url);
            await client.CreateTableAsync(new CreateTableRequest
            {
                TableName = "orders",
                KeySchema = [new("id", KeyType.HASH)],
                AttributeDefinitions = [new("id", ScalarAttributeType.S)],
                BillingMode = BillingMode.PAY_PER_REQUEST,
            }, ct);
            for (var batch = 0; batch < 40; batch++)
            {
                var requests = Enumerable.Range(0, 25).Select(i => new WriteRequest(new PutRequest(Order(batch * 25 + i)))).ToList();
                await client.BatchWriteItemAsync(new Dictionary<string, List<WriteRequest>> { ["orders"] = requests }, ct);
            }

            await client.UpdateTableAsync(new UpdateTableRequest
            {
                TableName = "orders",
                AttributeDefinitions = [new("status", ScalarAttributeType.S)],
                GlobalSecondaryIndexUpdates = [new() { Create = new() { IndexName = "by-status", KeySchema = [new("status", KeyType.HASH)], Projection = new() { ProjectionType = ProjectionType.ALL } } }],
            }, ct);

            // Writes race the backfill: changed statuses, new items, deletions.
            for (var i = 0; i < 60; i++)
            {
                await client.PutItemAsync("orders", Order(i * 31 % 1000, "CHANGED"), ct);
                await client.DeleteItemAsync("orders", new() { ["id"] = new() { S = Id(i * 17 % 1000 + 1) } }, ct);
            }

            server.Kill();
        }

        await using (var server = await BasaltProcess.StartDurableAsync(_dataDirectory, ct))
        {
            using var client = Client(server.Url);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((await client.DescribeTableAsync("orders", ct)).Table.GlobalSecondaryIndexes.Single().IndexStatus != IndexStatus.ACTIVE)
            {
                Assert.True(DateTime.UtcNow < deadline, "the index did not become ACTIVE after the restart");
                await Task.Delay(TimeSpan.FromMilliseconds(20), ct); // poll interval of a process-level wait, not a timing assertion
            }

            await client.PutItemAsync("orders", Order(5000, "LATE"), ct);
            Assert.Equal(0, await server.StopAsync(TimeSpan.FromSeconds(30)));
        }

        var (exitCode, output, _) = await BasaltProcess.RunToExitAsync(["check", "--data-dir", _dataDirectory], TimeSpan.FromSeconds(60), ct);
        Assert.True(exitCode == 0, output);
        Assert.Contains("indexes consistent: 1 tables, 1 indexes", output, StringComparison.Ordinal);
    }

    private static string Id(int n) => "order-" + n.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);

    private static Dictionary<string, AttributeValue> Order(int n, string? status = null) => new()
    {
        ["id"] = new() { S = Id(n) },
        ["status"] = new() { S = status ?? (n % 4 == 0 ? "OPEN" : "SHIPPED") },
        ["total"] = new() { N = n.ToString(System.Globalization.CultureInfo.InvariantCulture) },
    };

    private static AmazonDynamoDBClient Client(Uri url) =>
        new(new BasicAWSCredentials("AKIDCRASH", "secret"), new AmazonDynamoDBConfig { ServiceURL = url.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 3 });
}
