using System.Net;
using System.Text;
using Basalt.Node.Transport;
using Basalt.Partition;
using Basalt.Replication;
using Basalt.Storage;

namespace Basalt.Node.Tests;

/// <summary>
/// Three storage nodes in this process linked only by gRPC on loopback: each has its own engine,
/// runner (real time), transport and Kestrel server. A node can be stopped (server, transport and
/// node gone; its in-memory engine kept, as a disk would be) and started again on the same port.
/// </summary>
internal sealed class GrpcCluster : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static readonly NodeOptions Options = new() { TickInterval = TimeSpan.FromMilliseconds(50), ElectionTicks = 10 };

    private readonly Dictionary<ulong, IStorageEngine> _engines = [];
    private readonly Dictionary<ulong, Running> _running = [];
    private readonly Dictionary<ulong, Uri> _addresses = [];

    private GrpcCluster(ulong[] groups)
    {
        Groups = groups;
    }

    public ulong[] Groups { get; }

    public static Membership Membership { get; } = Membership.OfVoters(1, 2, 3);

    public IEnumerable<StorageNode> Nodes => _running.Values.Select(r => r.Node);

    public IStorageEngine Engine(ulong node) => _engines[node];

    public GrpcNodeTransport Transport(ulong node) => _running[node].Transport;

    public static async Task<GrpcCluster> StartAsync(params ulong[] groups)
    {
        var cluster = new GrpcCluster(groups);
        var late = new Dictionary<ulong, LateTransport>();
        foreach (var id in Membership.Voters)
        {
            // Servers first, on ports the OS picks; transports once every address is known.
            cluster._engines[id] = new InMemoryStorageEngine();
            late[id] = new LateTransport();
            var node = new StorageNode(id, cluster._engines[id], late[id], Options);
            var server = await NodeServer.StartAsync(node, new IPEndPoint(IPAddress.Loopback, 0));
            cluster._addresses[id] = server.Url;
            cluster._running[id] = new Running(node, server, late[id]);
        }

        foreach (var id in Membership.Voters)
        {
            var running = cluster._running[id];
            running.Transport = new GrpcNodeTransport(id, cluster._addresses);
            late[id].Inner = running.Transport;
            running.Runner = new NodeRunner(running.Node, TimeProvider.System, Options);
            foreach (var group in groups)
            {
                await running.Node.HostAsync(group, Membership);
            }
        }

        // Spread the first leaders over the nodes.
        foreach (var group in groups)
        {
            cluster._running[((group - 1) % 3) + 1].Node.Campaign(group);
        }

        return cluster;
    }

    public PartitionReplica? Replica(ulong node, ulong group) => _running.TryGetValue(node, out var r) ? r.Node.Replica(group) : null;

    /// <summary>Stops a node: its server (peers' calls break), its transport and its replicas. The engine stays.</summary>
    public async Task StopAsync(ulong id)
    {
        var running = _running[id];
        _running.Remove(id);
        await running.DisposeAsync();
    }

    /// <summary>Starts a stopped node again on its engine and its old port: replicas reopen from their logs.</summary>
    public async Task RestartAsync(ulong id)
    {
        var late = new LateTransport();
        var node = new StorageNode(id, _engines[id], late, Options);
        var server = await NodeServer.StartAsync(node, new IPEndPoint(IPAddress.Loopback, _addresses[id].Port));
        var running = new Running(node, server, late)
        {
            Transport = new GrpcNodeTransport(id, _addresses),
        };
        late.Inner = running.Transport;
        running.Runner = new NodeRunner(node, TimeProvider.System, Options);
        foreach (var group in Groups)
        {
            await node.HostAsync(group, Membership);
        }

        _running[id] = running;
    }

    /// <summary>The serving leader of <paramref name="group"/> among the running nodes, waiting through elections.</summary>
    public async Task<PartitionReplica> LeaderAsync(ulong group)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var changes = new List<Task>();
            foreach (var node in Nodes)
            {
                if (node.Replica(group) is { } replica)
                {
                    if (replica.IsServing)
                    {
                        return replica;
                    }

                    changes.Add(replica.Changed);
                }
            }

            var left = deadline - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero, $"group {group} has no serving leader");
            await Task.WhenAny(changes).WaitAsync(left, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Writes <paramref name="key"/> = <paramref name="value"/> in <paramref name="group"/> through its leader, retrying through elections until applied.</summary>
    public async Task WriteAsync(ulong group, string key, string value)
    {
        var command = Command(key, value);
        var deadline = DateTime.UtcNow + Deadline;
        while (DateTime.UtcNow < deadline)
        {
            var leader = await LeaderAsync(group);
            try
            {
                var term = leader.BeginWrite();
                Task<ProposalOutcome> outcome;
                using (await leader.Latches.AcquireAsync(Encoding.UTF8.GetBytes(key)))
                {
                    outcome = leader.ProposeAsync(term, command);
                }

                if (await outcome.WaitAsync(deadline - DateTime.UtcNow, TestContext.Current.CancellationToken) == ProposalOutcome.Applied)
                {
                    return;
                }
            }
            catch (ReplicaUnavailableException)
            {
                // Leadership moved between finding the leader and proposing: find it again.
            }
        }

        Assert.Fail($"write of {key} in group {group} not applied");
    }

    /// <summary>Waits until every running node has applied everything its group's leader has applied.</summary>
    public async Task ConvergeAsync()
    {
        foreach (var group in Groups)
        {
            var leader = await LeaderAsync(group);
            var index = leader.AppliedIndex;
            foreach (var node in Nodes)
            {
                await node.Replica(group)!.WaitAppliedAsync(index).WaitAsync(Deadline, TestContext.Current.CancellationToken);
            }
        }
    }

    public static string? Stored(IStorageEngine engine, string key) =>
        engine.Get(ColumnFamily.Data, Encoding.UTF8.GetBytes(key)) is { } value ? Encoding.UTF8.GetString(value) : null;

    public async ValueTask DisposeAsync()
    {
        foreach (var running in _running.Values)
        {
            await running.DisposeAsync();
        }

        _running.Clear();
        foreach (var engine in _engines.Values)
        {
            engine.Dispose();
        }
    }

    private static byte[] Command(string key, string value)
    {
        var batch = new WriteBatch();
        batch.Put(ColumnFamily.Data, Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(value));
        return PartitionCommand.Encode(batch);
    }

    private sealed class Running(StorageNode node, NodeServer server, LateTransport late) : IAsyncDisposable
    {
        public StorageNode Node { get; } = node;

        public NodeServer Server { get; } = server;

        public GrpcNodeTransport Transport { get; set; } = null!;

        public NodeRunner? Runner { get; set; }

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            if (Runner is not null)
            {
                await Runner.DisposeAsync();
            }

            late.Inner = null;
            await Transport.DisposeAsync();
        }
    }

    /// <summary>A transport set after the node is built (its peers' ports are known only once every server runs).</summary>
    private sealed class LateTransport : INodeTransport
    {
        private volatile INodeTransport? _inner;

        public INodeTransport? Inner
        {
            get => _inner;
            set => _inner = value;
        }

        public void Send(ulong group, Message message) => _inner?.Send(group, message);

        public void Flush() => _inner?.Flush();
    }
}
