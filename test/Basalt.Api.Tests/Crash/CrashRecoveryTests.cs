using System.Collections.Concurrent;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Basalt.Api.Tests.ServerProcesses;

namespace Basalt.Api.Tests.Crash;

/// <summary>
/// A durable <c>basalt serve</c> is SIGKILLed while concurrent writers are in flight; after a restart
/// on the same data directory every acknowledged write is there, intact, and no item is torn.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private const string Table = "crash";
    private const int Writers = 8;
    private const int AcknowledgedBeforeKill = 1500;

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "basalt-crash-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task EveryAcknowledgedWriteSurvivesSigkillIntactAndNothingIsTorn()
    {
        var ct = TestContext.Current.CancellationToken;
        var acknowledged = new ConcurrentDictionary<string, string>(); // key -> checksum of the acknowledged write
        var attempted = new ConcurrentDictionary<string, ConcurrentBag<string>>(); // key -> checksums of every write sent
        var counterAcknowledged = new int[Writers]; // highest acknowledged version of each writer's overwritten item

        await using (var server = await BasaltProcess.StartDurableAsync(_dataDirectory, ct))
        {
            using var client = Client(server.Url);
            await client.CreateTableAsync(
                new CreateTableRequest
                {
                    TableName = Table,
                    KeySchema = [new KeySchemaElement(CrashPayload.Key, KeyType.HASH)],
                    AttributeDefinitions = [new AttributeDefinition(CrashPayload.Key, ScalarAttributeType.S)],
                    BillingMode = BillingMode.PAY_PER_REQUEST,
                },
                ct);
            await WaitUntilActiveAsync(client, ct);

            var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var total = 0;
            var inFlight = 0;
            var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(
                async () =>
                {
                    var random = new Random(1000 + writer);
                    using var writerClient = Client(server.Url);
                    for (var sequence = 0; ; sequence++)
                    {
                        // Alternate fresh items with overwrites of one item per writer (newer versions replace older ones).
                        var overwrite = sequence % 3 == 2;
                        var key = overwrite ? $"counter-{writer}" : $"w{writer}-{sequence}";
                        var item = CrashPayload.Create(key, sequence, random);
                        var checksum = item["checksum"].S;
                        attempted.GetOrAdd(key, _ => []).Add(checksum);
                        Interlocked.Increment(ref inFlight);
                        try
                        {
                            await writerClient.PutItemAsync(new PutItemRequest { TableName = Table, Item = item }, CancellationToken.None);
                            Interlocked.Decrement(ref inFlight);
                        }
                        catch (Exception error) when (error is AmazonServiceException or HttpRequestException or IOException or TaskCanceledException or OperationCanceledException)
                        {
                            return; // the server is gone
                        }

                        if (overwrite)
                        {
                            counterAcknowledged[writer] = sequence;
                        }
                        else
                        {
                            acknowledged[key] = checksum;
                        }

                        if (Interlocked.Increment(ref total) >= AcknowledgedBeforeKill)
                        {
                            enough.TrySetResult();
                        }
                    }
                },
                ct)).ToArray();

            await enough.Task.WaitAsync(TimeSpan.FromSeconds(120), ct);
            var inFlightAtKill = Volatile.Read(ref inFlight);
            server.Kill();
            await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(120), ct);
            Assert.True(inFlightAtKill > 0, "no write was in flight when the server was killed");
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"killed with {inFlightAtKill} writes in flight after {total} acknowledged; {attempted.Values.Sum(v => v.Count)} sent");
        }

        Assert.True(acknowledged.Count >= AcknowledgedBeforeKill / 2, $"only {acknowledged.Count} fresh writes acknowledged");

        await using var restarted = await BasaltProcess.StartDurableAsync(_dataDirectory, ct);
        using var verify = Client(restarted.Url);

        foreach (var (key, checksum) in acknowledged)
        {
            var got = await verify.GetItemAsync(
                new GetItemRequest { TableName = Table, Key = new() { [CrashPayload.Key] = new() { S = key } }, ConsistentRead = true }, ct);
            Assert.True(got.IsItemSet, $"acknowledged write {key} is missing after the crash");
            Assert.True(CrashPayload.IsIntact(got.Item), $"item {key} is torn");
            Assert.Equal(checksum, got.Item["checksum"].S);
        }

        for (var writer = 0; writer < Writers; writer++)
        {
            if (counterAcknowledged[writer] == 0)
            {
                continue;
            }

            var got = await verify.GetItemAsync(
                new GetItemRequest { TableName = Table, Key = new() { [CrashPayload.Key] = new() { S = $"counter-{writer}" } }, ConsistentRead = true }, ct);
            Assert.True(got.IsItemSet, $"counter-{writer} is missing after the crash");
            Assert.True(CrashPayload.IsIntact(got.Item), $"counter-{writer} is torn");
            Assert.True(
                CrashPayload.VersionOf(got.Item) >= counterAcknowledged[writer],
                $"counter-{writer} went back from acknowledged version {counterAcknowledged[writer]} to {CrashPayload.VersionOf(got.Item)}");
        }

        // Every item in the table, acknowledged or not, is one whole write that was sent.
        var scanned = 0;
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await verify.ScanAsync(new ScanRequest { TableName = Table, ExclusiveStartKey = start, ConsistentRead = true }, ct);
            foreach (var item in page.Items)
            {
                scanned++;
                var key = item[CrashPayload.Key].S;
                Assert.True(CrashPayload.IsIntact(item), $"item {key} is torn");
                Assert.True(attempted.TryGetValue(key, out var sent) && sent.Contains(item["checksum"].S), $"item {key} holds content nobody wrote");
            }

            start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);

        Assert.True(scanned >= acknowledged.Count, $"scan found {scanned} items, fewer than the {acknowledged.Count} acknowledged");
        TestContext.Current.TestOutputHelper?.WriteLine($"after restart: {acknowledged.Count} acknowledged fresh items verified, {scanned} items scanned");

        // While it runs, a second server on the same data directory refuses at once.
        var second = await BasaltProcess.RunToExitAsync(
            ["serve", "--port", "0", "--host", "127.0.0.1", "--data-dir", _dataDirectory], TimeSpan.FromSeconds(60), ct);
        Assert.NotEqual(0, second.ExitCode);
        Assert.False(second.PrintedReadyLine, "a second server started on a data directory in use:\n" + second.Output);
        Assert.Contains("in use", second.Output, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(0, await restarted.StopAsync(TimeSpan.FromSeconds(60)));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    internal static AmazonDynamoDBClient Client(Uri url) => new(
        new BasicAWSCredentials("crash-test", "any-secret"),
        new AmazonDynamoDBConfig
        {
            ServiceURL = url.ToString(),
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
            Timeout = TimeSpan.FromSeconds(30),
        });

    private static async Task WaitUntilActiveAsync(AmazonDynamoDBClient client, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var table = await client.DescribeTableAsync(Table, ct);
            if (table.Table.TableStatus == TableStatus.ACTIVE)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "table did not become ACTIVE");
            await Task.Yield();
        }
    }
}
