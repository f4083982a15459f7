using System.Globalization;
using System.Net;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Basalt.Api.Replicas;
using Basalt.Api.Tests.Server;
using Basalt.Model;
using Basalt.Storage;

namespace Basalt.Api.Tests.Replicas;

/// <summary>
/// The node admin operation on a durable three-replica server (every table in four partitions):
/// the leading node is stopped while writers and strong readers keep going, started again, then
/// another node is stopped and started; no acknowledged write is lost or read stale, and at the end
/// every node's replica of every partition holds the same items. Also the status JSON and its errors.
/// </summary>
[Trait("Category", "Slow")]
public sealed class NodeAdminTests : IDisposable
{
    private const string Table = "admin";
    private const int Partitions = 4;
    private const int Writers = 4;
    private const int KeysPerWriter = 8;
    private const int WritesPerPhase = 60;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "basalt-admin-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task StoppingAndStartingNodes_LosesNoAcknowledgedWriteAndReplicasConverge()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await BasaltServer.StartAsync(
            new BasaltServerOptions { Port = 0, DataDirectory = _dataDirectory, Replicas = 3, InitialPartitions = Partitions }, ct);
        using var admin = new NodeAdminClient(server.Url);
        using var client = ServerClient.For(server);
        await client.CreateTableAsync(
            new CreateTableRequest
            {
                TableName = Table,
                KeySchema = [new("pk", KeyType.HASH)],
                AttributeDefinitions = [new("pk", ScalarAttributeType.S)],
                BillingMode = BillingMode.PAY_PER_REQUEST,
            },
            ct);
        await client.PutItemAsync(Table, VersionedWriter.Item("first", 1), ct);

        var (status, nodes) = await admin.StatusAsync(ct);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([1UL, 2UL, 3UL], nodes.Select(n => n.Id));
        Assert.All(nodes, n => Assert.True(n.Running && n.Replicas == Partitions, $"node {n}"));
        Assert.Equal(Partitions, nodes.Sum(n => n.Leaders));

        var acknowledged = new AcknowledgedCount();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sdkClients = Enumerable.Range(0, Writers).Select(_ => ServerClient.For(server)).ToArray();
        var writers = Enumerable.Range(0, Writers).Select(w => new VersionedWriter(
            sdkClients[w],
            Table,
            [.. Enumerable.Range(0, KeysPerWriter).Select(k => string.Create(CultureInfo.InvariantCulture, $"w{w}-k{k}"))],
            seed: 7 + w,
            acknowledged)).ToArray();
        var running = writers.Select(w => Task.Run(() => w.RunAsync(stop.Token), ct)).ToArray();
        try
        {
            await acknowledged.AtLeastAsync(WritesPerPhase).WaitAsync(Deadline, ct);

            // Stop the node leading the most partitions (node 1, which campaigns first, normally leads them all).
            var leader = nodes.MaxBy(n => n.Leaders)!.Id;
            (status, nodes) = await admin.StopAsync(leader, ct);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(new NodeState(leader, Running: false, Replicas: 0, Leaders: 0), nodes.Single(n => n.Id == leader));
            await WritesContinueAsync(acknowledged);
            nodes = await AwaitLeadersAsync(admin, acknowledged, ct);
            Assert.Equal(0, nodes.Single(n => n.Id == leader).Leaders);

            (status, nodes) = await admin.StartAsync(leader, ct);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(Partitions, nodes.Single(n => n.Id == leader).Replicas);
            Assert.True(nodes.Single(n => n.Id == leader).Running);
            await WritesContinueAsync(acknowledged);

            // Stop the node that leads now: the restarted one must have caught up enough to form a quorum with the third.
            nodes = await AwaitLeadersAsync(admin, acknowledged, ct);
            var second = nodes.MaxBy(n => n.Leaders)!.Id;
            (status, _) = await admin.StopAsync(second, ct);
            Assert.Equal(HttpStatusCode.OK, status);
            await WritesContinueAsync(acknowledged);
            (status, _) = await admin.StartAsync(second, ct);
            Assert.Equal(HttpStatusCode.OK, status);
            await WritesContinueAsync(acknowledged);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(running).WaitAsync(Deadline, CancellationToken.None);
        }

        var deadline = DateTime.UtcNow + Deadline;
        foreach (var writer in writers)
        {
            await writer.CheckAllAsync(deadline, ct);
        }

        var problems = writers.SelectMany(w => w.Problems).ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(
            CultureInfo.InvariantCulture, $"{acknowledged.Value} acknowledged writes, {writers.Sum(w => w.Errors)} errors (unknown outcomes and failed reads)"));

        (status, nodes) = await admin.StatusAsync(ct);
        Assert.All(nodes, n => Assert.True(n.Running && n.Replicas == Partitions, $"node {n}"));
        await AssertReplicasEqualAsync(server.Database, ct);
        foreach (var sdk in sdkClients)
        {
            sdk.Dispose();
        }
    }

    [Fact]
    public async Task StatusAndErrors_OfTheAdminEndpoint()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await BasaltServer.StartAsync(new BasaltServerOptions { Port = 0, InMemory = true, Replicas = 3 }, ct);
        using var admin = new NodeAdminClient(server.Url);

        var (status, nodes) = await admin.StatusAsync(ct);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([new(1, true, 0, 0), new(2, true, 0, 0), new(3, true, 0, 0)], nodes);

        (status, nodes) = await admin.StopAsync(3, ct);
        Assert.Equal(new NodeState(3, false, 0, 0), nodes[2]);
        (status, nodes) = await admin.StopAsync(3, ct); // stopping a stopped node changes nothing
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(nodes[2].Running);
        (status, nodes) = await admin.StartAsync(3, ct);
        Assert.True(nodes[2].Running);

        foreach (var (method, path) in new[]
        {
            (HttpMethod.Post, "/_basalt/nodes/4/stop"),
            (HttpMethod.Post, "/_basalt/nodes/0/start"),
            (HttpMethod.Post, "/_basalt/nodes/1/restart"),
            (HttpMethod.Get, "/_basalt/nodes/1/stop"),
            (HttpMethod.Post, "/_basalt/nodes"),
        })
        {
            var (code, body) = await admin.RawAsync(method, path, ct);
            Assert.True(code == HttpStatusCode.NotFound, $"{method} {path}: {(int)code}");
            Assert.Contains("/_basalt/nodes/{1..3}/stop", body, StringComparison.Ordinal);
        }

        (_, nodes) = await admin.StatusAsync(ct);
        Assert.All(nodes, n => Assert.True(n.Running));
    }

    private static async Task WritesContinueAsync(AcknowledgedCount acknowledged) =>
        await acknowledged.AtLeastAsync(acknowledged.Value + WritesPerPhase).WaitAsync(Deadline);

    /// <summary>Polls the status (once per acknowledged write, so never faster than the writes) until the running nodes lead every partition.</summary>
    private static async Task<IReadOnlyList<NodeState>> AwaitLeadersAsync(NodeAdminClient admin, AcknowledgedCount acknowledged, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var (_, nodes) = await admin.StatusAsync(ct);
            if (nodes.Where(n => n.Running).Sum(n => n.Leaders) == Partitions)
            {
                return nodes;
            }

            Assert.True(DateTime.UtcNow < deadline, "the running nodes do not lead every partition: " + string.Join(", ", nodes));
            await acknowledged.AtLeastAsync(acknowledged.Value + 1).WaitAsync(Deadline, ct);
        }
    }

    /// <summary>Waits until every node's replica of every partition has applied its leader's commit index, then compares their items byte for byte.</summary>
    private static async Task AssertReplicasEqualAsync(Database database, CancellationToken ct)
    {
        var table = database.Catalog.Get("us-east-1", Table);
        var cluster = database.Cluster;
        foreach (var group in PartitionRouting.GroupsOf(table))
        {
            var leader = await cluster.LeaderAsync(table, group, ct);
            var index = await leader.ReadIndexAsync().WaitAsync(Deadline, ct);
            foreach (var node in cluster.RunningNodes)
            {
                await node.Replica(group)!.WaitAppliedAsync(index).WaitAsync(Deadline, ct);
            }
        }

        var prefix = KeyCodec.EncodeTablePrefix(table.Id);
        var contents = cluster.RunningNodes.Select(node => Contents(node.Engine, prefix)).ToList();
        Assert.Equal(3, contents.Count);
        Assert.Equal(Writers * KeysPerWriter + 1, contents[0].Count);
        Assert.Equal(contents[0], contents[1]);
        Assert.Equal(contents[0], contents[2]);
    }

    private static List<string> Contents(IStorageEngine engine, byte[] prefix)
    {
        var rows = new List<string>();
        using var cursor = engine.OpenCursor(ColumnFamily.Data, prefix, Items.KeyRanges.PrefixEnd(prefix), reverse: false);
        while (cursor.MoveNext())
        {
            rows.Add(Convert.ToHexString(cursor.Key) + "=" + Convert.ToHexString(cursor.Value));
        }

        return rows;
    }
}
