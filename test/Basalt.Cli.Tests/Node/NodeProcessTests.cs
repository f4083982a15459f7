using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Basalt.Cli.Tests.Node;

/// <summary>
/// Three <c>basalt node</c> processes on loopback, linked only by gRPC, hosting six groups on RocksDB:
/// they elect one leader per group; the node leading the most is SIGKILLed and the other two elect
/// new leaders; restarted, it rejoins and catches up; SIGTERM stops each cleanly.
/// </summary>
[Trait("Category", "Slow")]
public sealed class NodeProcessTests : IAsyncLifetime
{
    private const int Groups = 6;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "basalt-node-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<ulong, NodeProcess> _nodes = [];
    private readonly Dictionary<ulong, (int Grpc, int Http)> _ports = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        for (ulong id = 1; id <= 3; id++)
        {
            _ports[id] = (FreePort(), FreePort());
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes.Values)
        {
            await node.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Three_node_processes_elect_survive_a_SIGKILL_and_take_the_node_back()
    {
        for (ulong id = 1; id <= 3; id++)
        {
            _nodes[id] = await StartAsync(id);
        }

        var leaders = await AgreedLeadersAsync([1, 2, 3], _ => true);
        var victim = leaders.Values.GroupBy(l => l).OrderByDescending(g => g.Count()).First().Key;

        _nodes[victim].Kill();
        await _nodes[victim].DisposeAsync();
        _nodes.Remove(victim);
        var survivors = _nodes.Keys.ToArray();
        var after = await AgreedLeadersAsync(survivors, leader => leader != victim);
        Assert.DoesNotContain(victim, after.Values);

        _nodes[victim] = await StartAsync(victim);
        await AgreedLeadersAsync([1, 2, 3], _ => true, caughtUp: true);

        var metrics = await _nodes[survivors[0]].MetricsAsync(Ct);
        Assert.Contains($"basalt_node_raft_batches_sent_total{{peer=\"{victim}\"}}", metrics, StringComparison.Ordinal);
        Assert.Contains("basalt_node_replicas 6", metrics, StringComparison.Ordinal);

        // Every group the victim led was won by a survivor: each such win is a leadership change there.
        var won = 0.0;
        foreach (var id in survivors)
        {
            won += MetricValue(await _nodes[id].MetricsAsync(Ct), "basalt_node_leader_changes_total");
        }

        Assert.True(won >= leaders.Values.Count(l => l == victim), $"leadership changes on the survivors: {won}");
        Assert.Contains("basalt_node_replication_lag_entries", metrics, StringComparison.Ordinal);

        foreach (var (id, node) in _nodes)
        {
            Assert.True(await node.StopAsync(TimeSpan.FromSeconds(30)) == 0, $"node {id} exits 0 on SIGTERM\n{node.Output}");
        }
    }

    private static double MetricValue(string metrics, string name)
    {
        var line = metrics.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return double.Parse(line.AsSpan(name.Length + 1), System.Globalization.CultureInfo.InvariantCulture);
    }

    private Task<NodeProcess> StartAsync(ulong id)
    {
        var peers = string.Join(',', _ports.Select(p => $"{p.Key}=127.0.0.1:{p.Value.Grpc}"));
        return NodeProcess.StartAsync(
            [
                "--id", $"{id}",
                "--listen", $"127.0.0.1:{_ports[id].Grpc}",
                "--peers", peers,
                "--data-dir", Path.Combine(_root, $"node-{id}"),
                "--zone", $"zone-{id}",
                "--groups", $"1-{Groups}",
                "--http", $"127.0.0.1:{_ports[id].Http}",
            ],
            new Uri($"http://127.0.0.1:{_ports[id].Http}"),
            Ct);
    }

    /// <summary>
    /// Polls the nodes' status until, for every group, they all name the same leader, which is one of
    /// them, serves, and satisfies <paramref name="accept"/> (and, with <paramref name="caughtUp"/>,
    /// every node has applied the leader's commit index). Returns each group's leader.
    /// </summary>
    private async Task<Dictionary<ulong, ulong>> AgreedLeadersAsync(ulong[] nodes, Func<ulong, bool> accept, bool caughtUp = false)
    {
        var deadline = DateTime.UtcNow + Deadline;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            var statuses = new Dictionary<ulong, JsonElement>();
            foreach (var id in nodes)
            {
                statuses[id] = await _nodes[id].StatusAsync(Ct);
            }

            var leaders = new Dictionary<ulong, ulong>();
            for (ulong group = 1; group <= Groups; group++)
            {
                var views = nodes.Select(id => Group(statuses[id], group)).ToList();
                var leader = views[0].GetProperty("leader").GetUInt64();
                if (leader == 0 || !nodes.Contains(leader) || !accept(leader) ||
                    views.Any(v => v.GetProperty("leader").GetUInt64() != leader) ||
                    !Group(statuses[leader], group).GetProperty("serving").GetBoolean())
                {
                    break;
                }

                var commit = Group(statuses[leader], group).GetProperty("commit").GetUInt64();
                if (caughtUp && views.Any(v => v.GetProperty("applied").GetUInt64() < commit))
                {
                    break;
                }

                leaders[group] = leader;
            }

            if (leaders.Count == Groups)
            {
                return leaders;
            }

            last = string.Join('\n', statuses.Select(s => $"{s.Key}: {s.Value}"));
            await Task.Delay(TimeSpan.FromMilliseconds(100), Ct); // poll interval of a process-level wait, bounded by the deadline
        }

        Assert.Fail($"nodes {string.Join(',', nodes)} did not agree on serving leaders\n{last}");
        return [];
    }

    private static JsonElement Group(JsonElement status, ulong group) =>
        status.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("group").GetUInt64() == group);

    private static int FreePort() => Basalt.Node.Hosting.LoopbackPorts.Next();
}
