using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Basalt.Api.Tests.Crash;
using Basalt.Cli.Cluster;
using Basalt.Model;

namespace Basalt.Cli.Tests.Cluster;

/// <summary>
/// The whole cluster as processes: <c>basalt cluster up --nodes 6 --zones 3 --routers 2</c>, a
/// table of four partitions, conditional per-key counters with strong reads through both routers;
/// the node leading the most partitions is SIGKILLed (<c>cluster kill</c>) and the workload goes
/// on. Each partition's unavailability window is written to the test output; every acknowledged
/// increment is present; autoadmin puts every partition back to three full replicas on healthy nodes in three zones;
/// <c>cluster restart</c> brings the node back; SIGTERM stops the supervisor and every process it started.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ClusterProcessTests : IAsyncLifetime
{
    private const string Table = "counters";
    private const int Partitions = 4;
    private const int Keys = 32;
    private const int ClientsPerPartition = 2;
    private const int IncrementsPerPhase = 300;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(300);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "basalt-cluster-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ITestOutputHelper? Output => TestContext.Current.TestOutputHelper;

    public ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task The_cluster_survives_the_SIGKILL_of_the_node_leading_the_most_partitions()
    {
        var directory = Path.Combine(_root, "cluster");
        await using var cluster = await ClusterUpProcess.StartAsync(
            directory, routers: 2, ["--nodes", "6", "--zones", "3", "--initial-partitions", $"{Partitions}"], StartTimeout, Ct);
        try
        {
            await RunAsync(cluster, directory);
        }
        catch (Exception) when (Dump(cluster))
        {
            throw;
        }

        Assert.Equal(0, await cluster.StopAsync(TimeSpan.FromSeconds(90)));
        var state = ClusterState.Load(directory)!;
        Assert.All(state.Processes, p => Assert.False(OsProcesses.IsAlive(p.Pid, p.StartTime), $"{p.Name} still runs after the supervisor stopped"));
        Assert.Equal(0, state.SupervisorPid);
    }

    private static async Task RunAsync(ClusterUpProcess cluster, string directory)
    {
        Assert.Equal(2, cluster.Routers.Count);
        var routers = cluster.Routers.Select(Client).ToArray();
        try
        {
            await CreateTableAsync(routers[0]);
            var status = await StatusAsync(directory);
            var partitions = status.GetProperty("partitions").EnumerateArray().Where(p => p.GetProperty("table").GetString() == Table).ToList();
            Assert.True(partitions.Count >= Partitions, $"{Table} has {partitions.Count} partitions:\n{status}");
            var ranges = partitions.Select(p => (Id: p.GetProperty("id").GetUInt64(), Lo: p.GetProperty("hashLo").GetUInt64(), Last: p.GetProperty("hashLast").GetUInt64())).ToList();
            ulong PartitionOf(string key)
            {
                // The map's hash ranges; n equal ranges in group order when Status does not give them.
                var hash = KeyCodec.PartitionHash(Basalt.Model.AttributeValue.FromString(key));
                return ranges.Any(r => r.Last != 0)
                    ? ranges.Single(r => r.Lo <= hash && hash <= r.Last).Id
                    : ranges.OrderBy(r => r.Id).ElementAt((int)(((UInt128)hash * (uint)ranges.Count) >> 64)).Id;
            }

            var keys = Enumerable.Range(0, Keys).Select(i => "counter-" + i.ToString("D2", CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(ranges.Count, keys.Select(PartitionOf).Distinct().Count());
            foreach (var key in keys)
            {
                var item = ClusterCounterClient.Key(key);
                item["n"] = new() { N = "0" };
                await RetryAsync(() => routers[0].PutItemAsync(new PutItemRequest { TableName = Table, Item = item }, Ct));
            }

            var ledger = new CounterLedger(keys);
            var availability = new PartitionAvailability([.. ranges.Select(r => r.Id)]);
            var random = new Random(20260611);
            var clients = ranges
                .SelectMany(r => Enumerable.Range(0, ClientsPerPartition).Select(_ => new ClusterCounterClient(
                    routers, Table, ledger, availability, r.Id, [.. keys.Where(k => PartitionOf(k) == r.Id)], random.Next())))
                .ToArray();
            using var stop = new CancellationTokenSource();
            var start = availability.Now;
            var running = clients.Select(c => Task.Run(() => c.RunAsync(stop.Token), Ct)).ToArray();
            try
            {
                await WaitForAsync(() => clients.Sum(c => c.Acknowledged) >= IncrementsPerPhase, "increments before the kill", clients);

                // The node leading the most partitions (of every table), as `cluster status --json` shows it.
                status = await StatusAsync(directory);
                var victim = status.GetProperty("nodes").EnumerateArray().MaxBy(n => n.GetProperty("leaders").GetInt32());
                var victimId = victim.GetProperty("id").GetUInt64();
                Output?.WriteLine($"killing node {victimId} (zone {victim.GetProperty("zone").GetString()}, {victim.GetProperty("leaders").GetInt32()} leaders)");
                var acknowledgedAtKill = clients.Sum(c => c.Acknowledged);
                var errorsAtKill = clients.Sum(c => c.Errors);
                var (exitCode, killOutput, killError) = await RunClusterAsync("kill", $"{victimId}", "--data-dir", directory);
                Assert.True(exitCode == 0, killError);
                var kill = availability.Now; // the process is gone by now
                Output?.WriteLine(killOutput.Trim());

                // The workload goes on: more increments, and every partition answers again.
                await WaitForAsync(
                    () => clients.Sum(c => c.Acknowledged) >= acknowledgedAtKill + IncrementsPerPhase && ranges.All(r => availability.SuccessesAfter(r.Id, kill) > 0),
                    "increments after the kill in every partition",
                    clients);

                // Healing, under the workload: autoadmin puts a log replica on a healthy node of the dead
                // node's zone (write quorum back), then turns it into a full one (data snapshot and log
                // catch-up); every partition still makes progress after that.
                var logHealed = await WaitForHealingAsync(directory, victimId, full: false, () => availability.Now);
                var healed = await WaitForHealingAsync(directory, victimId, full: true, () => availability.Now);
                await WaitForAsync(() => ranges.All(r => availability.SuccessesAfter(r.Id, healed) > 0), "operations after healing in every partition", clients);
                stop.Cancel();
                await Task.WhenAll(running).WaitAsync(Deadline, Ct);
                var end = availability.Now;

                Output?.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{clients.Sum(c => c.Acknowledged)} increments acknowledged ({acknowledgedAtKill} before the kill), {ledger.UnknownCount} unknown, {clients.Sum(c => c.ConditionFailures)} failed conditions, errors {errorsAtKill} before / {clients.Sum(c => c.Errors) - errorsAtKill} after the kill, {(end - start).TotalSeconds:0.0} s"));
                var after = await StatusAsync(directory);
                string Describe(ulong id)
                {
                    var p = after.GetProperty("partitions").EnumerateArray().Single(x => x.GetProperty("id").GetUInt64() == id);
                    var before = status.GetProperty("partitions").EnumerateArray().Single(x => x.GetProperty("id").GetUInt64() == id);
                    return $"leader {before.GetProperty("leader").GetUInt64()} -> {p.GetProperty("leader").GetUInt64()}";
                }

                foreach (var line in availability.Report(start, kill, end, Describe))
                {
                    Output?.WriteLine(line);
                }

                Output?.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"three replicas on healthy nodes in three zones again {(logHealed - kill).TotalSeconds:0.0} s after the kill, three full replicas {(healed - kill).TotalSeconds:0.0} s after it"));

                // Every acknowledged increment is there, read strongly through each router.
                foreach (var router in routers)
                {
                    var values = new Dictionary<string, int>();
                    foreach (var key in keys)
                    {
                        var got = await RetryAsync(() => router.GetItemAsync(new GetItemRequest { TableName = Table, Key = ClusterCounterClient.Key(key), ConsistentRead = true }, Ct));
                        values[key] = ClusterCounterClient.ValueOf(got.Item);
                    }

                    var problems = ledger.Verify(values);
                    Assert.True(problems.Count == 0, string.Join('\n', problems));
                }

                // `cluster restart` brings the killed node back with its command line: it registers and heartbeats again.
                (exitCode, var restartOutput, var restartError) = await RunClusterAsync("restart", $"{victimId}", "--data-dir", directory);
                Assert.True(exitCode == 0, restartError);
                Output?.WriteLine(restartOutput.Trim());
                await WaitForNodeHealthyAsync(directory, victimId);
            }
            finally
            {
                await stop.CancelAsync();
                await Task.WhenAll(running).WaitAsync(Deadline, CancellationToken.None);
            }
        }
        finally
        {
            foreach (var router in routers)
            {
                router.Dispose();
            }
        }
    }

    /// <summary>
    /// Polls <c>cluster status --json</c> until every partition has three replicas (all full, with
    /// <paramref name="full"/>) on healthy nodes in three zones, none on the dead node; the moment (<paramref name="now"/>) it did.
    /// </summary>
    private static async Task<TimeSpan> WaitForHealingAsync(string directory, ulong dead, bool full, Func<TimeSpan> now)
    {
        var deadline = DateTime.UtcNow + Deadline;
        var last = default(JsonElement);
        while (DateTime.UtcNow < deadline)
        {
            last = await StatusAsync(directory);
            var healthy = last.GetProperty("nodes").EnumerateArray().Where(n => n.GetProperty("healthy").GetBoolean()).Select(n => n.GetProperty("id").GetUInt64()).ToHashSet();
            var healed = last.GetProperty("partitions").EnumerateArray().All(p =>
            {
                var replicas = p.GetProperty("replicas").EnumerateArray().ToList();
                return replicas.Count == 3
                    && replicas.All(r => (!full || r.GetProperty("kind").GetString() == "full") && healthy.Contains(r.GetProperty("node").GetUInt64()) && r.GetProperty("node").GetUInt64() != dead)
                    && replicas.Select(r => r.GetProperty("zone").GetString()).Distinct().Count() == 3;
            });
            if (healed)
            {
                return now();
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), Ct); // process-level poll, bounded by the deadline
        }

        Assert.Fail($"partitions did not get back to three {(full ? "full " : "")}replicas within {Deadline.TotalSeconds:0} s:\n{last}");
        return default;
    }

    private static async Task WaitForNodeHealthyAsync(string directory, ulong id)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var status = await StatusAsync(directory);
            var node = status.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("id").GetUInt64() == id);
            if (node.GetProperty("healthy").GetBoolean() && node.GetProperty("pid").ValueKind == JsonValueKind.Number)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"node {id} is not healthy again after its restart:\n{status}");
            await Task.Delay(TimeSpan.FromMilliseconds(200), Ct); // process-level poll, bounded by the deadline
        }
    }

    private static async Task WaitForAsync(Func<bool> done, string what, ClusterCounterClient[] clients)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!done())
        {
            Assert.True(
                DateTime.UtcNow < deadline,
                $"no {what} within {Deadline.TotalSeconds:0} s: {clients.Sum(c => c.Acknowledged)} acknowledged, {clients.Sum(c => c.Errors)} errors, last: {clients.Select(c => c.LastError).LastOrDefault(e => e is not null)}");
            await Task.Delay(TimeSpan.FromMilliseconds(100), Ct); // process-level poll, bounded by the deadline
        }
    }

    private static async Task<JsonElement> StatusAsync(string directory)
    {
        var (exitCode, output, error) = await RunClusterAsync("status", "--json", "--data-dir", directory);
        Assert.True(exitCode == 0, error);
        using var document = JsonDocument.Parse(output);
        return document.RootElement.Clone();
    }

    /// <summary>A <c>basalt cluster</c> command, run in this process (the state file and signals are all it needs).</summary>
    private static async Task<(int ExitCode, string Output, string Error)> RunClusterAsync(params string[] args)
    {
        var root = new RootCommand { ClusterCommand.Create() };
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var exitCode = await root.Parse(["cluster", .. args]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, Ct);
        return (exitCode, output.ToString(), error.ToString());
    }

    private static async Task CreateTableAsync(AmazonDynamoDBClient client)
    {
        await client.CreateTableAsync(
            new CreateTableRequest
            {
                TableName = Table,
                KeySchema = [new("pk", KeyType.HASH)],
                AttributeDefinitions = [new("pk", ScalarAttributeType.S)],
                BillingMode = BillingMode.PAY_PER_REQUEST,
            },
            Ct);
        var deadline = DateTime.UtcNow + Deadline;
        while ((await client.DescribeTableAsync(Table, Ct)).Table.TableStatus != TableStatus.ACTIVE)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{Table} did not become ACTIVE");
            await Task.Delay(TimeSpan.FromMilliseconds(100), Ct); // process-level poll, bounded by the deadline
        }
    }

    /// <summary>A request retried on server and transport errors until the deadline (leaders may be settling).</summary>
    private static async Task<T> RetryAsync<T>(Func<Task<T>> send)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            try
            {
                return await send();
            }
            catch (Exception error) when (CounterClient.IsUnknownOutcome(error) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), Ct); // process-level retry, bounded by the deadline
            }
        }
    }

    private static AmazonDynamoDBClient Client(Uri url) => new(
        new BasicAWSCredentials("cluster-test", "any-secret"),
        new AmazonDynamoDBConfig
        {
            ServiceURL = url.ToString(),
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
            Timeout = TimeSpan.FromSeconds(15),
        });

    private static bool Dump(ClusterUpProcess cluster)
    {
        Output?.WriteLine($"--- cluster up output ---\n{cluster.Output}\n--- logs ---\n{cluster.Logs(40)}");
        return false;
    }
}
