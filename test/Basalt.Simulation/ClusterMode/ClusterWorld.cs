using Basalt.Metadata.Commands;
using Basalt.Metadata.Model;
using Basalt.Model;
using Basalt.Replication;
using Basalt.Simulation.Cluster;
using Basalt.Simulation.Partitions;

namespace Basalt.Simulation.ClusterMode;

/// <summary>
/// What cluster mode adds around partition mode's storage nodes: the meta group (three
/// <see cref="MetaHost"/>s) holding the registered nodes, the table and its partitions' leaders;
/// a lagging MemDS; two routers; clients that go through the routers; the nodes' heartbeats that
/// report the groups they lead (SetLeader on change); node replacements recorded in the map
/// (ReplaceReplica to a log replica, then full); and its own faults (meta crashes and partitions,
/// routers cut off from nodes). At the end: the meta members and MemDS agree, the map places the
/// groups where they are, a final strong read of every key through a router joins the history, and
/// every router sent MemDS one lookup per request (plus at most one per correction).
/// </summary>
internal sealed class ClusterWorld
{
    public const ulong TableId = 1;
    private const string Region = "sim";
    private const string TableName = "items";
    private const ulong MetaBase = 100;
    private const ulong RouterBase = 200;
    private const int FinalReader = 999;

    private readonly PartitionSimulation sim;
    private readonly SimRandom random;
    private readonly Network network;
    private readonly ClusterBugs bugs;
    private readonly SortedDictionary<ulong, MetaHost> metas = [];
    private readonly List<SimRouter> routers = [];
    private readonly List<RouterClient> clients = [];
    private readonly Dictionary<string, SimKey> keyByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ulong> hashOf = new(StringComparer.Ordinal);
    private readonly List<SimKey> keys = [];
    private readonly long memDsLagMax;
    private readonly SimMemDs memDs = new();
    private bool mapReady;
    private (ulong Victim, ulong Newcomer, bool Full)? replacing;
    private bool chaos = true;

    public ClusterWorld(PartitionSimulation sim, SimRandom random, Network network, ClusterBugs bugs)
    {
        this.sim = sim;
        this.random = random;
        this.network = network;
        this.bugs = bugs;
        memDsLagMax = random.Pick(new long[] { 5_000, 50_000, 300_000, 1_500_000 });
    }

    public IReadOnlyList<SimKey> Keys => keys;

    /// <summary>The table is in the map (cluster mode replaces nodes only after that: placement needs the three first).</summary>
    public bool Ready => mapReady;

    /// <summary>The table's groups, in hash order: group i owns partition i of the even layout.</summary>
    public static IReadOnlyList<ulong> GroupIds(int count) => [.. Enumerable.Range(0, count).Select(i => PartitionInfo.GroupIdOf(TableId, i))];

    public void Setup(IReadOnlyList<ulong> groups, IReadOnlyList<ulong> nodes)
    {
        ChooseKeys(groups, random.Next(2, 5));
        var membership = Membership.OfVoters([.. Enumerable.Range(1, 3).Select(i => MetaBase + (ulong)i)]);
        foreach (var id in membership.Voters)
        {
            var rate = 1 + ((random.NextDouble() * 2) - 1) * sim.Profile.ClockDrift;
            metas[id] = new MetaHost(sim, id, membership, random.Fork(), rate, SendToMeta);
        }

        var time = new SimTimeProvider(sim.Queue, sim.Inline);
        var items = new NodeItems(sim, random.Fork(), name => keyByName[name], bugs);
        for (var i = 1; i <= 2; i++)
        {
            routers.Add(new SimRouter(sim, RouterBase + (ulong)i, random.Fork(), memDs, items, time, bugs));
        }

        for (var i = 1; i <= sim.Profile.Clients; i++)
        {
            var client = new RouterClient(sim, i, random.Fork(), keys, routers, name => hashOf[name]);
            clients.Add(client);
            client.Start(random.NextLong(0, 50_000));
        }

        sim.Queue.After(20_000, () => Admin(nodes, groups));
        sim.Queue.After(random.NextLong(0, memDsLagMax), PollMemDs);
        foreach (var node in nodes)
        {
            sim.Queue.After(random.NextLong(50_000, 300_000), () => Heartbeat(node));
        }

        sim.Log($"cluster: {groups.Count} groups, {keys.Count} keys, MemDS lag up to {memDsLagMax / 1000} ms");
    }

    public void ChaosTick()
    {
        if (!chaos)
        {
            return;
        }

        var profile = sim.Profile;
        if (random.Chance(profile.CrashRate))
        {
            var up = metas.Values.Where(m => m.Up).ToList();
            if (up.Count == 3 || (up.Count == 2 && random.Chance(0.1)))
            {
                var victim = random.Chance(0.4) && up.FirstOrDefault(m => m.Leads) is { } leader ? leader : random.Pick(up);
                sim.Log($"{sim.Queue.Now}us crash meta {victim.Id}");
                sim.Count("meta crashes");
                victim.Crash();
                sim.Queue.After(random.NextLong(10_000, 1_500_000), () =>
                {
                    sim.Log($"{sim.Queue.Now}us restart meta {victim.Id}");
                    victim.Restart();
                });
            }
        }

        if (random.Chance(profile.PartitionRate * 0.3))
        {
            var alone = random.Pick(metas.Keys.ToList());
            network.Partition([alone], [.. metas.Keys.Where(m => m != alone), .. sim.NodeIds]);
            sim.Count("meta partitions");
            sim.Log($"{sim.Queue.Now}us partition: isolate meta {alone}");
            sim.Queue.After(random.NextLong(50_000, 1_000_000), network.HealAll);
        }

        if (random.Chance(profile.PartitionRate * 0.5))
        {
            var router = random.Pick(routers).Endpoint;
            var node = random.Pick(sim.NodeIds);
            network.Partition([router], [node]);
            sim.Count("router partitions");
            sim.Log($"{sim.Queue.Now}us partition: router {router} cut off from node {node}");
            sim.Queue.After(random.NextLong(50_000, 1_000_000), network.HealAll);
        }
    }

    public void EndChaos()
    {
        chaos = false;
        foreach (var meta in metas.Values)
        {
            meta.Restart();
        }
    }

    public void Abandon()
    {
        foreach (var client in clients)
        {
            client.Abandon();
        }
    }

    /// <summary>After the storage nodes converged: meta and MemDS catch up, final reads, MemDS load. Null when all is well.</summary>
    public string? Finish(Func<Func<bool>, long, bool> runUntil)
    {
        if (!mapReady)
        {
            return "the meta group never created the table";
        }

        if (!runUntil(MetaCaughtUp, 5_000_000))
        {
            return "meta members and MemDS did not catch up within 5 s after the faults ended: " +
                string.Join(", ", metas.Values.Select(m => $"meta {m.Id} applied {m.Member?.AppliedIndex} version {m.Member?.Map.Version}")) + $", MemDS version {memDs.Store.Version}";
        }

        var final = metas.Values.First().Member!.Map.PartitionsOf(TableId);
        var hosted = sim.NodeIds.Order().ToList();
        if (final.Any(p => p.Replicas.Any(r => r.Kind != ReplicaKind.Full) || !p.Replicas.Select(r => r.NodeId).Order().SequenceEqual(hosted)))
        {
            return $"the map does not place the groups where they are (nodes {string.Join(',', hosted)}): " +
                string.Join("; ", final.Select(p => $"{p.GroupId}: {string.Join(',', p.Replicas.Select(r => $"{r.NodeId} {r.Kind}"))}"));
        }

        var reader = new RouterClient(sim, FinalReader, random.Fork(), keys, routers, name => hashOf[name]);
        var reads = keys.Select(reader.FinalReadAsync).ToList();
        foreach (var read in reads)
        {
            sim.Observe(read);
        }

        if (!runUntil(() => reads.All(r => r.IsCompleted), 10_000_000) || reads.Any(r => !r.Result))
        {
            return "a final strong read through a router was not answered after the faults ended";
        }

        foreach (var router in routers)
        {
            // Every request sends a lookup, hit or miss; a request sends another only when a correction
            // named a leader its cached route does not hold (the route is dropped and resolved again).
            var extra = router.MemDsLookups - router.Requests;
            if (extra < 0 || extra > router.Forwarder.Counters.Corrections || router.MemDsLookups != router.Routes.Counters.Hits + router.Routes.Counters.Misses)
            {
                return $"router {router.Endpoint} sent {router.MemDsLookups} MemDS lookups for {router.Requests} requests (one per request expected, " +
                    $"plus at most one per correction: {router.Forwarder.Counters.Corrections}; cache hits {router.Routes.Counters.Hits}, misses {router.Routes.Counters.Misses})";
            }

            sim.Count("lookups after a dropped route", (int)extra);
        }

        sim.Count("requests", (int)routers.Sum(r => r.Requests));
        sim.Count("cache hits", (int)routers.Sum(r => r.Routes.Counters.Hits));
        sim.Count("cache misses", (int)routers.Sum(r => r.Routes.Counters.Misses));
        sim.Count("route corrections", (int)routers.Sum(r => r.Routes.Counters.Corrections));
        sim.Count("MemDS resyncs", (int)memDs.Resyncs);
        sim.Count("map version", (int)memDs.Store.Version);
        return null;
    }

    private bool MetaCaughtUp()
    {
        var members = metas.Values.Select(m => m.Member).ToList();
        if (members.Any(m => m is null) || members.All(m => m!.Role != RaftRole.Leader))
        {
            return false;
        }

        var version = members[0]!.Map.Version;
        if (members.Any(m => m!.Map.Version != version))
        {
            return false;
        }

        memDs.Poll(members[0]!);
        return memDs.Store.Version == version;
    }

    private void ChooseKeys(IReadOnlyList<ulong> groups, int perGroup)
    {
        var ranges = HashRange.Even(groups.Count);
        var found = new int[groups.Count];
        for (var n = 0; found.Any(f => f < perGroup); n++)
        {
            var name = "k" + n;
            var hash = KeyCodec.PartitionHash(AttributeValue.FromString(name));
            var index = Array.FindIndex(ranges, r => r.Contains(hash));
            if (found[index] < perGroup)
            {
                found[index]++;
                var key = SimItems.Key(name, groups[index]);
                keys.Add(key);
                keyByName[name] = key;
                hashOf[name] = hash;
            }
        }
    }

    /// <summary>The operator's setup through the meta leader: register the nodes (one zone each), then create the table.</summary>
    private void Admin(IReadOnlyList<ulong> nodes, IReadOnlyList<ulong> groups)
    {
        if (metas.Values.FirstOrDefault(m => m.Leads) is { Member: { } member } leader)
        {
            var map = member.Map;
            var missing = nodes.Where(n => map.Nodes.All(known => known.Id != n)).ToList();
            foreach (var node in missing)
            {
                leader.Propose(new RegisterNode(node, "zone-" + node, SimRequests.AddressOf(node)));
            }

            if (missing.Count == 0)
            {
                if (map.FindTable(Region, TableName) is null)
                {
                    leader.Propose(new CreateTable(Region, TableName, TableId, groups.Count, 3, ReadOnlyMemory<byte>.Empty));
                }
                else
                {
                    CheckPlacement(map.PartitionsOf(TableId), nodes, groups);
                    mapReady = true;
                    sim.Log($"{sim.Queue.Now}us the table is in the map (version {map.Version})");
                    return;
                }
            }
        }

        sim.Queue.After(20_000, () => Admin(nodes, groups));
    }

    private void CheckPlacement(IReadOnlyList<PartitionInfo> partitions, IReadOnlyList<ulong> nodes, IReadOnlyList<ulong> groups)
    {
        if (!partitions.Select(p => p.GroupId).SequenceEqual(groups) ||
            partitions.Any(p => !p.Replicas.Select(r => r.NodeId).Order().SequenceEqual(nodes.Order())))
        {
            sim.Fail("the map placed the table's partitions elsewhere than the hosted groups: " + string.Join("; ", partitions.Select(p => $"{p.GroupId}: {string.Join(',', p.Replicas.Select(r => r.NodeId))}")));
        }
    }

    /// <summary>A storage node tells a meta member which groups it leads; the meta leader records changes (SetLeader).</summary>
    private void Heartbeat(ulong node)
    {
        sim.Queue.After(random.NextLong(100_000, 300_000), () => Heartbeat(node));
        if (sim.Host(node)?.Node is not { } storage)
        {
            return;
        }

        var leads = storage.Replicas.Where(r => r.Role == RaftRole.Leader && r.IsServing).Select(r => r.Group).ToList();
        var target = random.Pick(metas.Keys.ToList());
        network.Send(node, target, () =>
        {
            if (network.IsBlocked(node, target) || metas[target] is not { Leads: true, Member: { } member } meta)
            {
                return;
            }

            foreach (var group in leads)
            {
                if (member.Map.FindGroup(group) is { } partition && partition.LeaderHint != node)
                {
                    sim.Count("leader changes recorded");
                    meta.Propose(new SetLeader(group, node));
                }
            }
        });
    }

    private void PollMemDs()
    {
        sim.Queue.After(random.NextLong(0, memDsLagMax), PollMemDs);
        var up = metas.Values.Where(m => m.Up).ToList();
        if (up.Count > 0)
        {
            memDs.Poll(random.Pick(up).Member!);
        }
    }

    /// <summary>
    /// Partition mode's replacement began (<paramref name="victim"/> died for good, <paramref name="newcomer"/>
    /// joins as a log replica): the operator registers the newcomer in the victim's zone and records
    /// ReplaceReplica(victim → newcomer, log) for every group; the leaders reconcile once MemDS shows it.
    /// </summary>
    public void ReplacementStarted(ulong victim, ulong newcomer)
    {
        replacing = (victim, newcomer, false);
        sim.Queue.After(random.NextLong(50_000, 300_000), () => Heartbeat(newcomer));
        RecordReplacement();
    }

    /// <summary>Every group has the newcomer as a log replica: record it as a full replica (the leaders then build it).</summary>
    public void ReplacementBuilt()
    {
        if (replacing is { } r)
        {
            replacing = r with { Full = true };
        }
    }

    /// <summary>The membership the map gives <paramref name="group"/> as MemDS knows it (full replicas vote, log replicas keep the log).</summary>
    public Membership? MapMembership(ulong group)
    {
        var partition = memDs.Store.PartitionsOf(TableId).FirstOrDefault(p => p.GroupId == group);
        return partition is null ? null : new Membership(
            partition.Replicas.Where(r => r.Kind == ReplicaKind.Full).Select(r => r.NodeId),
            partition.Replicas.Where(r => r.Kind == ReplicaKind.Log).Select(r => r.NodeId),
            []);
    }

    /// <summary>The operator's side of a replacement, through the meta leader, until the map says it.</summary>
    private void RecordReplacement()
    {
        if (replacing is not { } r)
        {
            return;
        }

        sim.Queue.After(20_000, RecordReplacement);
        if (metas.Values.FirstOrDefault(m => m.Leads) is not { Member: { } member } leader)
        {
            return;
        }

        var map = member.Map;
        if (map.Nodes.All(n => n.Id != r.Newcomer))
        {
            leader.Propose(new RegisterNode(r.Newcomer, "zone-" + r.Victim, SimRequests.AddressOf(r.Newcomer)));
            return;
        }

        var pending = false;
        foreach (var partition in map.PartitionsOf(TableId))
        {
            if (partition.ReplicaOn(r.Victim) is not null)
            {
                pending = true;
                leader.Propose(new ReplaceReplica(partition.GroupId, r.Victim, r.Newcomer, ReplicaKind.Log));
            }
            else if (r.Full && partition.ReplicaOn(r.Newcomer) is { Kind: ReplicaKind.Log })
            {
                pending = true;
                leader.Propose(new ReplaceReplica(partition.GroupId, r.Newcomer, r.Newcomer, ReplicaKind.Full));
            }
        }

        if (!pending && r.Full)
        {
            sim.Count("map replacements recorded");
            replacing = null;
        }
    }

    private void SendToMeta(Message message)
    {
        var (from, to) = (message.From, message.To);
        network.Send(from, to, () =>
        {
            if (!network.IsBlocked(from, to) && metas.TryGetValue(to, out var meta))
            {
                sim.Trace.Add(0x3E4DL);
                sim.Trace.Add((long)from);
                sim.Trace.Add((long)to);
                sim.Trace.Add((long)message.Type);
                meta.Deliver(message);
            }
        });
    }
}
