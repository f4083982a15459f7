using Basalt.Metadata.Model;
using Basalt.Protocol.Items.V1;
using Basalt.Router.Forwarding;
using Basalt.Router.Routing;
using Basalt.Simulation.Partitions;

namespace Basalt.Simulation.ClusterMode;

/// <summary>
/// A request router in cluster mode: the real <see cref="RouteCache"/> and <see cref="Forwarder"/> on
/// virtual time, a MemDS client that counts every lookup (and sometimes answers a moment later), and a
/// <see cref="SimNodeExecutor"/> to the storage nodes.
/// </summary>
internal sealed class SimRouter
{
    private readonly PartitionSimulation sim;
    private readonly SimRandom random;
    private readonly SimMemDs memDs;
    private readonly ClusterBugs bugs;

    public SimRouter(PartitionSimulation sim, ulong endpoint, SimRandom random, SimMemDs memDs, NodeItems items, TimeProvider time, ClusterBugs bugs)
    {
        this.sim = sim;
        this.random = random;
        this.memDs = memDs;
        this.bugs = bugs;
        Endpoint = endpoint;
        Nodes = new NodeDirectory(time) { SuspectFor = TimeSpan.FromMilliseconds(300) };
        Routes = new RouteCache(new Lookups(this));
        Forwarder = new Forwarder(Routes, Nodes, new SimNodeExecutor(sim, endpoint, items, 150_000, bugs), time)
        {
            RetryBudget = TimeSpan.FromMilliseconds(1_500),
            FirstBackoff = TimeSpan.FromMilliseconds(10),
            MaxBackoff = TimeSpan.FromMilliseconds(200),
        };
    }

    public ulong Endpoint { get; }

    public NodeDirectory Nodes { get; }

    public RouteCache Routes { get; }

    public Forwarder Forwarder { get; }

    /// <summary>Requests sent through this router.</summary>
    public long Requests { get; private set; }

    /// <summary>Lookups MemDS received from this router.</summary>
    public long MemDsLookups { get; private set; }

    public Task<ExecuteReply?> SendAsync(ulong tableId, ulong keyHash, ExecuteRequest request)
    {
        Requests++;
        return Forwarder.ToKeyAsync(tableId, keyHash, request);
    }

    private PartitionInfo? Answer(ulong tableId, ulong keyHash)
    {
        if (!memDs.Store.TryFloor(tableId, keyHash, out var partition))
        {
            return null;
        }

        // The node addresses come with MemDS answers (as the table directory gives them).
        foreach (var replica in partition.Replicas)
        {
            if (memDs.Store.FindNode(replica.NodeId) is { } node)
            {
                Nodes.Learn(node.Id, node.Address);
            }
        }

        return partition;
    }

    private sealed class Lookups(SimRouter router) : IMemDsClient
    {
        public ValueTask<PartitionInfo?> LookupAsync(ulong tableId, ulong keyHash, CancellationToken cancellationToken = default)
        {
            router.sim.CheckOnSimulatorThread();
            if (router.bugs.HasFlag(ClusterBugs.NoLookupOnHit) && router.Routes.TryGetCached(tableId, keyHash) is { } cached)
            {
                return new ValueTask<PartitionInfo?>(cached);
            }

            router.MemDsLookups++;
            if (router.random.Chance(0.5))
            {
                return new ValueTask<PartitionInfo?>(router.Answer(tableId, keyHash));
            }

            // A remote lookup: answered a moment later, inside a queue event; the awaiting cache code
            // (ConfigureAwait(false)) continues right there.
            var answer = new TaskCompletionSource<PartitionInfo?>();
            router.sim.Queue.After(router.random.NextLong(50, 3_000), () => router.sim.Inline(() => answer.SetResult(router.Answer(tableId, keyHash))));
            return new ValueTask<PartitionInfo?>(answer.Task);
        }
    }
}
