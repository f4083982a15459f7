using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Basalt.Api.Tests.ServerProcesses;

namespace Basalt.Api.Tests.Crash;

/// <summary>
/// <c>basalt serve --replicas 3 --initial-partitions 4</c> (durable, RocksDB) under concurrent
/// conditional increments (<see cref="CounterClient"/>) is SIGKILLed at a seeded moment, restarted
/// and checked against the <see cref="CounterLedger"/>, in several rounds; finally it stops cleanly
/// and <c>basalt check</c> passes on its data directory (indexes and replicas). The table has a global index on the
/// counter, so every increment also moves an index entry.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ReplicatedCrashTests : IDisposable
{
    private const string Table = "counters";
    private const int Clients = 6;
    private const int Keys = 10;
    private const int Rounds = 3;
    private const int Seed = 20261127;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(180);

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "basalt-replicated-crash-" + Guid.NewGuid().ToString("N"));
    private readonly string[] _serve = ["--replicas", "3", "--initial-partitions", "4"];

    [Fact]
    public async Task EveryAcknowledgedIncrementSurvivesSigkillOnceAndCheckPasses()
    {
        var ct = TestContext.Current.CancellationToken;
        var output = TestContext.Current.TestOutputHelper;
        var random = new Random(Seed);
        var keys = Enumerable.Range(0, Keys).Select(i => "counter-" + i.ToString("D2", CultureInfo.InvariantCulture)).ToArray();
        var ledger = new CounterLedger(keys);

        var server = await BasaltProcess.StartDurableAsync(_dataDirectory, ct, _serve);
        try
        {
            using (var client = CrashRecoveryTests.Client(server.Url))
            {
                await CreateTableAsync(client, keys, ct);
            }

            for (var round = 1; round <= Rounds; round++)
            {
                // A seeded moment: after this many acknowledged increments in this round.
                var killAfter = random.Next(150, 450);
                var acknowledged = 0;
                var killed = 0;
                var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var sdkClients = Enumerable.Range(0, Clients).Select(_ => CrashRecoveryTests.Client(server.Url)).ToArray();
                var clients = Enumerable.Range(0, Clients).Select(c => new CounterClient(sdkClients[c], Table, ledger, random.Next())
                {
                    ShouldStop = () => Volatile.Read(ref killed) == 1,
                    OnAcknowledged = () =>
                    {
                        if (Interlocked.Increment(ref acknowledged) >= killAfter)
                        {
                            enough.TrySetResult();
                        }
                    },
                }).ToArray();
                var running = clients.Select(c => Task.Run(c.RunAsync, ct)).ToArray();

                await enough.Task.WaitAsync(Deadline, ct);
                Volatile.Write(ref killed, 1);
                server.Kill();
                await Task.WhenAll(running).WaitAsync(Deadline, ct);
                foreach (var sdk in sdkClients)
                {
                    sdk.Dispose();
                }

                output?.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"round {round}: killed after {acknowledged} acknowledged increments (target {killAfter}); so far {ledger.AcknowledgedCount} acknowledged, {ledger.UnknownCount} unknown, {clients.Sum(c => c.ConditionFailures)} failed conditions, {clients.Sum(c => c.Errors)} errors"));

                await server.DisposeAsync();
                server = await BasaltProcess.StartDurableAsync(_dataDirectory, ct, _serve);
                using var verify = CrashRecoveryTests.Client(server.Url);
                var values = await ReadCountersAsync(verify, keys, ct);
                var problems = ledger.Verify(values);
                Assert.True(problems.Count == 0, $"round {round}:\n" + string.Join('\n', problems));
                Assert.Equal(values.OrderBy(v => v.Key), (await ReadIndexAsync(verify, ct)).OrderBy(v => v.Key));
            }

            Assert.Equal(0, await server.StopAsync(TimeSpan.FromSeconds(60)));
        }
        finally
        {
            await server.DisposeAsync();
        }

        var (exitCode, checkOutput, _) = await BasaltProcess.RunToExitAsync(["check", "--data-dir", _dataDirectory], TimeSpan.FromSeconds(120), ct);
        Assert.True(exitCode == 0, checkOutput);
        Assert.Contains("indexes consistent: 1 tables, 1 indexes", checkOutput, StringComparison.Ordinal);
        Assert.Contains("replicas consistent: 3 nodes, 4 partitions", checkOutput, StringComparison.Ordinal);
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

    private static async Task CreateTableAsync(AmazonDynamoDBClient client, string[] keys, CancellationToken ct)
    {
        await client.CreateTableAsync(
            new CreateTableRequest
            {
                TableName = Table,
                KeySchema = [new("pk", KeyType.HASH)],
                AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("g", ScalarAttributeType.S), new("n", ScalarAttributeType.N)],
                GlobalSecondaryIndexes =
                [
                    new()
                    {
                        IndexName = "by-count",
                        KeySchema = [new("g", KeyType.HASH), new("n", KeyType.RANGE)],
                        Projection = new() { ProjectionType = ProjectionType.KEYS_ONLY },
                    },
                ],
                BillingMode = BillingMode.PAY_PER_REQUEST,
            },
            ct);
        foreach (var key in keys)
        {
            var item = CounterClient.Key(key);
            item["g"] = new() { S = "all" };
            item["n"] = new() { N = "0" };
            await client.PutItemAsync(new PutItemRequest { TableName = Table, Item = item }, ct);
        }
    }

    /// <summary>Every counter by a strongly consistent read (retried on a server error until the deadline: leaders may still be settling).</summary>
    private static async Task<Dictionary<string, int>> ReadCountersAsync(AmazonDynamoDBClient client, string[] keys, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + Deadline;
        var values = new Dictionary<string, int>();
        foreach (var key in keys)
        {
            while (!values.ContainsKey(key))
            {
                try
                {
                    var got = await client.GetItemAsync(new GetItemRequest { TableName = Table, Key = CounterClient.Key(key), ConsistentRead = true }, ct);
                    values[key] = CounterClient.ValueOf(got.Item);
                }
                catch (Exception error) when (CounterClient.IsUnknownOutcome(error) && DateTime.UtcNow < deadline)
                {
                    await Task.Yield();
                }
            }
        }

        return values;
    }

    /// <summary>The counters as the global index has them (key → n).</summary>
    private static async Task<Dictionary<string, int>> ReadIndexAsync(AmazonDynamoDBClient client, CancellationToken ct)
    {
        var response = await client.QueryAsync(
            new QueryRequest
            {
                TableName = Table,
                IndexName = "by-count",
                KeyConditionExpression = "g = :all",
                ExpressionAttributeValues = new() { [":all"] = new() { S = "all" } },
            },
            ct);
        return response.Items.ToDictionary(item => item["pk"].S, CounterClient.ValueOf);
    }
}
