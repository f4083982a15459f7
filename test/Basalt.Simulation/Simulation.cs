using Basalt.Replication;
using Basalt.Simulation.Checking;
using Basalt.Simulation.Clients;
using Basalt.Simulation.Cluster;
using Basalt.Simulation.Linearizability;

namespace Basalt.Simulation;

/// <summary>The outcome of one seed.</summary>
public sealed record SeedResult(ulong Seed, string? Failure, Verdict Verdict, ulong TraceHash, int Operations, int Steps, long VirtualMicros);

/// <summary>
/// One deterministic run: a Raft group, clients, a hostile network and disks, and an operator that
/// crashes, partitions, reconfigures and transfers leadership — all driven by one seeded PRNG in
/// virtual time. Safety invariants are checked after every step, linearizability at the end.
/// </summary>
public sealed partial class Simulation
{
    private const long ChaosEveryMicros = 50_000;

    private readonly SimulationOptions options;
    private readonly SimRandom random;
    private readonly SortedDictionary<ulong, SimNode> nodes = [];
    private readonly List<SimClient> clients = [];
    private readonly Dictionary<ulong, SimClient> clientsByEndpoint = [];
    private readonly List<Operation> history = [];
    private readonly Network network;
    private readonly Action<string>? log;
    private ulong nextNodeId;
    private bool chaos = true;

    public Simulation(SimulationOptions options, ulong seed, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        this.log = log;
        Seed = seed;
        random = new SimRandom(seed);
        Profile = FaultProfile.Draw(random.Fork());
        Queue = new EventQueue();
        network = new Network(Queue, random.Fork(), Profile);
        Checker = new InvariantChecker(() => Queue.Now);
    }

    public ulong Seed { get; }

    internal FaultProfile Profile { get; }

    internal EventQueue Queue { get; }

    internal TraceHash Trace { get; } = new();

    internal InvariantChecker Checker { get; }

    public SeedResult Run()
    {
        var steps = 0;
        try
        {
            Setup();
            var quietFrom = options.Steps * 4 / 5;
            while (steps < options.Steps && Queue.TryRunNext())
            {
                steps++;
                if (steps == quietFrom)
                {
                    EndChaos();
                }
            }

            foreach (var c in clients)
            {
                c.Stopped = true;
                c.Abandon();
            }

            var check = LinearizabilityChecker.Check(history);
            return new SeedResult(Seed, check.Failure, check.Verdict, Trace.Value, history.Count, steps, Queue.Now);
        }
        catch (InvariantViolation e)
        {
            return new SeedResult(Seed, e.Message, Verdict.Unknown, Trace.Value, history.Count, steps, Queue.Now);
        }
#pragma warning disable CA1031 // A crash of the code under test is a failure of this seed, whatever its type.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new SeedResult(Seed, $"exception at t={Queue.Now}us: {e}", Verdict.Unknown, Trace.Value, history.Count, steps, Queue.Now);
        }
    }

    private void Setup()
    {
        var n = options.Nodes;
        var voters = Enumerable.Range(1, n - options.LogReplicas).Select(i => (ulong)i).ToArray();
        var logReplicas = Enumerable.Range(n - options.LogReplicas + 1, options.LogReplicas).Select(i => (ulong)i).ToArray();
        var membership = new Membership(voters, logReplicas, []);
        nextNodeId = (ulong)n + 1;
        foreach (var id in membership.All)
        {
            AddNode(id, membership.IsLogReplica(id), RaftInitialState.Bootstrap(membership));
        }

        var keys = Enumerable.Range(0, random.Next(1, 5)).Select(i => $"k{i}").ToArray();
        var clientCount = Profile.Clients;
        for (var i = 1; i <= clientCount; i++)
        {
            var client = new SimClient(this, i, random.Fork(), keys);
            clients.Add(client);
            clientsByEndpoint[client.Endpoint] = client;
            Queue.After(random.NextLong(0, 50_000), client.StartNextOperation);
        }

        Queue.After(ChaosEveryMicros, ChaosTick);
        Log($"seed {Seed}: {Profile}");
    }

    private SimNode AddNode(ulong id, bool logReplicaHost, RaftInitialState state)
    {
        var rate = 1 + ((random.NextDouble() * 2) - 1) * Profile.ClockDrift;
        var node = new SimNode(this, id, logReplicaHost, state, random.Fork(), rate);
        nodes[id] = node;
        return node;
    }

    internal RaftConfig RaftConfigFor(ulong id) => new()
    {
        Id = id,
        ElectionTicks = 10,
        HeartbeatTicks = 2,
        LeaseDriftTicks = 2,
        PreVote = Profile.PreVote,
        CheckQuorum = Profile.CheckQuorum,
        MaxAppendBytes = Profile.MaxAppendBytes,
        MaxInflightMessages = Profile.MaxInflight,
        MaxSnapshotChunkBytes = Profile.SnapshotChunkBytes,
        Bugs = options.Bugs,
    };

    internal void SendToNode(Message m)
    {
        var from = m.From;
        var to = m.To;
        network.Send(from, to, () =>
        {
            if (!network.IsBlocked(from, to) && nodes.TryGetValue(to, out var node))
            {
                node.Deliver(m);
            }
        });
    }

    internal void SendToNode(SimClient client, ulong to, ClientRequest request) =>
        network.Send(client.Endpoint, to, () =>
        {
            if (nodes.TryGetValue(to, out var node))
            {
                node.OnClientRequest(request);
            }
        });

    internal void SendToClient(ulong from, ulong endpoint, ClientReply reply) =>
        network.Send(from, endpoint, () =>
        {
            Trace.Add(0xCEL);
            Trace.Add((long)endpoint);
            Trace.Add(reply.OpId);
            clientsByEndpoint[endpoint].OnReply(reply);
        });

    internal bool IsRunning(ulong id) => nodes.TryGetValue(id, out var n) && n.Up;

    internal ulong RandomRunningNode(SimRandom r)
    {
        var running = nodes.Values.Where(n => n.Up).Select(n => n.Id).ToList();
        return running.Count == 0 ? 0 : r.Pick(running);
    }

    internal void Record(Operation op)
    {
        history.Add(op);
        Log($"  {Queue.Now}us {op}");
    }

    internal void AcknowledgedWrite(ulong index, ulong term) => Checker.OnAcknowledged(index, term);

    internal void Log(string line) => log?.Invoke(line);
}
