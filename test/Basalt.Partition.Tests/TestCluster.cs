using Basalt.Node;
using Basalt.Replication;
using Basalt.Storage;

namespace Basalt.Partition.Tests;

/// <summary>
/// Storage nodes on power-loss engines, driven by the test: <see cref="Pump"/> runs processing rounds
/// and delivers messages until nothing moves, <see cref="Tick"/> advances every clock. No threads,
/// no timers: every test is a fixed sequence of steps.
/// </summary>
internal sealed class TestCluster : IDisposable
{
    private readonly Dictionary<ulong, PowerLossStorageEngine> _engines = [];
    private readonly Dictionary<ulong, FailingEngine> _failing = [];
    private readonly ulong[] _groups;
    private readonly NodeOptions? _options;
    private readonly Dictionary<ulong, (Membership Membership, bool Join)> _hosting = [];

    private TestCluster(int nodes, ulong[] groups, NodeOptions? options)
    {
        _groups = groups;
        _options = options;
        Membership = Membership.OfVoters([.. Enumerable.Range(1, nodes).Select(i => (ulong)i)]);
    }

    /// <summary>The whole data column family is one group's (the healing tests host one group).</summary>
    public IPartitionSnapshotScope Scope { get; } = new WholeDataScope();

    public TestTransport Transport { get; } = new();

    public Membership Membership { get; }

    public Dictionary<ulong, StorageNode> Nodes { get; } = [];

    public static Task<TestCluster> StartAsync(int nodes, params ulong[] groups) => StartAsync(nodes, null, groups);

    public static async Task<TestCluster> StartAsync(int nodes, NodeOptions? options, params ulong[] groups)
    {
        var cluster = new TestCluster(nodes, groups.Length == 0 ? [1] : groups, options);
        foreach (var id in cluster.Membership.Voters)
        {
            cluster._engines[id] = new PowerLossStorageEngine();
            cluster._hosting[id] = (cluster.Membership, false);
            await cluster.HostAsync(id);
        }

        return cluster;
    }

    /// <summary>Starts a new node that joins the groups (it learns them from their leaders); its kind follows from <paramref name="membership"/>.</summary>
    public async Task<StorageNode> JoinAsync(ulong id, Membership membership)
    {
        _engines[id] = new PowerLossStorageEngine();
        _hosting[id] = (membership, true);
        await HostAsync(id);
        return Nodes[id];
    }

    public PowerLossStorageEngine Engine(ulong node) => _engines[node];

    public PartitionReplica Replica(ulong node, ulong group = 1) => Nodes[node].Replica(group)!;

    /// <summary>One processing round of a node (it completes synchronously on in-memory engines).</summary>
    public static bool Process(StorageNode node)
    {
        var round = node.ProcessAsync();
        Assert.True(round.IsCompleted, "a processing round on an in-memory engine completes synchronously");
        return round.Result;
    }

    /// <summary>From now on, <paramref name="node"/> loses power at the <paramref name="write"/>-th write of the first round that has that many.</summary>
    public void CrashAtWrite(ulong node, int write) => _failing[node].FailAtWrite = write;

    /// <summary>One round of a cluster node; when its power fails half-way, it crashes (keeping every write it made) and false is returned.</summary>
    private bool ProcessMember(ulong id)
    {
        var engine = _failing[id];
        engine.StartRound();
        try
        {
            return Process(Nodes[id]);
        }
        catch (PowerLost)
        {
            Crashed.Add(id);
            Crash(id, Survival.All);
            return false;
        }
    }

    /// <summary>From now on, <paramref name="node"/> loses power at the first write <paramref name="when"/> accepts.</summary>
    public void CrashWhen(ulong node, Func<WriteBatch, bool> when) => _failing[node].FailWhen = when;

    /// <summary>Nodes that lost power in the middle of a round.</summary>
    public List<ulong> Crashed { get; } = [];

    /// <summary>Runs rounds and delivers messages until the cluster is quiet.</summary>
    public void Pump(int maxRounds = 1_000)
    {
        for (var i = 0; i < maxRounds; i++)
        {
            var moved = false;
            foreach (var id in Nodes.Keys.ToList())
            {
                while (Nodes.ContainsKey(id) && ProcessMember(id))
                {
                    moved = true;
                }
            }

            moved |= Transport.DeliverAll() > 0;
            if (!moved)
            {
                return;
            }
        }

        throw new InvalidOperationException("The cluster did not quiesce.");
    }

    /// <summary>Ticks every node <paramref name="ticks"/> times, pumping after each tick.</summary>
    public void Tick(int ticks = 1)
    {
        for (var i = 0; i < ticks; i++)
        {
            foreach (var node in Nodes.Values.ToList())
            {
                node.Tick();
            }

            Pump();
        }
    }

    /// <summary>Makes <paramref name="node"/> the serving leader of <paramref name="group"/>.</summary>
    public PartitionReplica Elect(ulong node, ulong group = 1)
    {
        var replica = Replica(node, group);
        for (var attempt = 0; attempt < 50 && !replica.IsServing; attempt++)
        {
            var current = Nodes.Values.Select(n => n.Replica(group)!).FirstOrDefault(r => r.Role == RaftRole.Leader && r.NodeId != node);
            if (current is not null)
            {
                Nodes[current.NodeId].TransferLeadership(group, node);
            }
            else
            {
                Nodes[node].Campaign(group);
            }

            Pump();
            if (!replica.IsServing)
            {
                Tick(5);
            }
        }

        Assert.True(replica.IsServing, $"node {node} could not become the serving leader of group {group}");
        return replica;
    }

    /// <summary>Ticks until <paramref name="condition"/> holds (at most <paramref name="maxTicks"/>).</summary>
    public void TickUntil(Func<bool> condition, int maxTicks = 500)
    {
        for (var i = 0; i < maxTicks && !condition(); i++)
        {
            Tick();
        }

        Assert.True(condition(), "condition not reached");
    }

    /// <summary>Power loss on <paramref name="node"/>: its replicas stop, its engine keeps what survives.</summary>
    public void Crash(ulong node, Random survival)
    {
        Nodes[node].Stop();
        Nodes.Remove(node);
        Transport.Unregister(node);
        _engines[node] = _engines[node].Crash(survival);
    }

    /// <summary>Starts <paramref name="node"/> again on its surviving engine and re-hosts its groups from their logs.</summary>
    public Task RestartAsync(ulong node) => HostAsync(node);

    public void Dispose()
    {
        foreach (var node in Nodes.Values)
        {
            node.Stop();
        }

        foreach (var engine in _engines.Values)
        {
            engine.Dispose();
        }
    }

    private async Task HostAsync(ulong id)
    {
        _failing[id] = new FailingEngine(_engines[id]);
        var node = new StorageNode(id, _failing[id], Transport, _options) { SnapshotScope = Scope };
        Nodes[id] = node;
        Transport.Register(node);
        var (membership, join) = _hosting[id];
        foreach (var group in _groups)
        {
            await node.HostAsync(group, membership, join);
        }
    }
}
