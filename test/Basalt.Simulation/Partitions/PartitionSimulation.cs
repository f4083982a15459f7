using Basalt.Partition;
using Basalt.Replication;
using Basalt.Simulation.Checking;
using Basalt.Simulation.Cluster;
using Basalt.Simulation.ClusterMode;
using Basalt.Simulation.Linearizability;
using Basalt.Storage;

namespace Basalt.Simulation.Partitions;

/// <summary>
/// One deterministic run of the real storage-node code: three <see cref="SimHost"/>s (StorageNode on a
/// PowerLossStorageEngine each) hosting one to three partitions, their Raft messages carried by the
/// simulated network, item clients doing leader-side evaluation, and an operator that crashes,
/// restarts, partitions and transfers leadership — all on one seeded PRNG, virtual time, and a
/// synchronization context that turns every continuation into an event of the queue.
/// During the chaos, members are replaced (a log replica, then a full one: see the Replacement part).
/// Checked: one leader per term and group after every round; at the end, that the replicas of
/// every group converge to the same items, and that the history is linearizable per key.
/// </summary>
public sealed partial class PartitionSimulation
{
    private const long ChaosEveryMicros = 50_000;
    private const long ConvergeWithinMicros = 5_000_000;

    private readonly SimulationOptions options;
    private readonly SimRandom random;
    private readonly SortedDictionary<ulong, SimHost> hosts = [];
    private readonly List<ItemClient> clients = [];
    private readonly List<Operation> history = [];
    private readonly Dictionary<(ulong Group, ulong Term), ulong> leaderOfTerm = [];
    private readonly Network network;
    private readonly Action<string>? log;
    private readonly List<SimKey> keys = [];
    private readonly SortedDictionary<string, int> counters = new(StringComparer.Ordinal);
    private readonly int simulatorThread = Environment.CurrentManagedThreadId;
    private readonly SimSynchronizationContext context;
    private string? failure;
    private bool chaos = true;

    public PartitionSimulation(SimulationOptions options, ulong seed, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        this.log = log;
        Seed = seed;
        random = new SimRandom(seed);
        Profile = FaultProfile.Draw(random.Fork());
        Queue = new EventQueue();
        network = new Network(Queue, random.Fork(), Profile);
        Transport = new SimTransport(this);
        var groups = options.Groups != 0 ? options.Groups : random.Next(1, 4);
        GroupIds = [.. Enumerable.Range(1, groups).Select(g => (ulong)g)];
        Membership = Membership.OfVoters([.. Enumerable.Range(1, options.Nodes).Select(i => (ulong)i)]);
        Bugs = options.PartitionLevelBugs;
        context = new SimSynchronizationContext(Queue, Fail);
        if (options.Mode == SimulationMode.Cluster)
        {
            GroupIds = ClusterWorld.GroupIds(groups);
            World = new ClusterWorld(this, random.Fork(), network, options.ClusterLevelBugs);
        }
    }

    public ulong Seed { get; }

    internal FaultProfile Profile { get; }

    internal EventQueue Queue { get; }

    internal TraceHash Trace { get; } = new();

    internal SimTransport Transport { get; }

    internal IReadOnlyList<ulong> GroupIds { get; }

    internal Membership Membership { get; }

    internal PartitionBugs Bugs { get; }

    /// <summary>Cluster mode: the meta group, MemDS, routers and their clients around the storage nodes.</summary>
    internal ClusterWorld? World { get; }

    internal IReadOnlyList<ulong> NodeIds => [.. hosts.Keys];

    /// <summary>Every entry any replica applied, by group and index (state machine safety).</summary>
    internal AppliedEntries Applied { get; } = new();

    public SeedResult Run()
    {
        var steps = 0;
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            Setup();
            var quietFrom = options.Steps * 4 / 5;
            while (steps < options.Steps && failure is null && Queue.TryRunNext())
            {
                steps++;
                if (steps == quietFrom)
                {
                    EndChaos();
                }
            }

            foreach (var client in clients)
            {
                client.Abandon();
            }

            World?.Abandon();
            failure ??= Converge(ref steps);
            if (failure is null && World is not null)
            {
                var ran = steps;
                failure = World.Finish((done, micros) => RunUntil(done, micros, ref ran));
                steps = ran;
            }

            Log($"seed {Seed} stats: {Stats()}");
            if (failure is not null)
            {
                return new SeedResult(Seed, failure, Verdict.Unknown, Trace.Value, history.Count, steps, Queue.Now);
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
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
            foreach (var host in hosts.Values.Concat(retired))
            {
                host.Node?.Stop();
                host.Engine.Dispose();
            }
        }
    }

    private void Setup()
    {
        foreach (var id in Membership.Voters)
        {
            var rate = 1 + ((random.NextDouble() * 2) - 1) * Profile.ClockDrift;
            hosts[id] = new SimHost(this, id, random.Fork(), rate, Membership, join: false);
        }

        if (World is not null)
        {
            World.Setup(GroupIds, NodeIds);
            keys.AddRange(World.Keys);
        }
        else
        {
            var perGroup = random.Next(1, 3);
            foreach (var group in GroupIds)
            {
                for (var i = 0; i < perGroup; i++)
                {
                    keys.Add(SimItems.Key($"g{group}k{i}", group));
                }
            }

            for (var i = 1; i <= Profile.Clients; i++)
            {
                var client = new ItemClient(this, i, random.Fork(), keys);
                clients.Add(client);
                client.Start(random.NextLong(0, 50_000));
            }
        }

        Queue.After(ChaosEveryMicros, ChaosTick);
        SetupReplacement();
        Log($"seed {Seed}: {GroupIds.Count} groups, {keys.Count} keys, {Profile}");
    }

    internal RaftConfig ConfigureRaft(ulong group, RaftConfig config) => new()
    {
        Id = config.Id,
        ElectionTicks = config.ElectionTicks,
        HeartbeatTicks = config.HeartbeatTicks,
        LeaseDriftTicks = 2,
        PreVote = Profile.PreVote,
        CheckQuorum = Profile.CheckQuorum,
        MaxAppendBytes = Profile.MaxAppendBytes,
        MaxInflightMessages = Profile.MaxInflight,
        MaxSnapshotChunkBytes = Math.Max(128, Profile.SnapshotChunkBytes), // items in several chunks, without a message per 16 bytes
        Bugs = options.Bugs,
    };

    internal SimHost? Host(ulong id) => hosts.GetValueOrDefault(id);

    internal SimHost? RandomUpHost(SimRandom r)
    {
        var up = hosts.Values.Where(h => h.Up).ToList();
        return up.Count == 0 ? null : r.Pick(up);
    }

    /// <summary>A Raft message between nodes, through the network (partitions cut it even in flight).</summary>
    internal void SendToNode(ulong group, Message message)
    {
        var from = message.From;
        var to = message.To;
        if (message.Type == MessageType.Snapshot)
        {
            Count(message.Force ? "data install chunks" : message.Data.IsEmpty ? "log-only snapshots" : "snapshot chunks");
        }

        network.Send(from, to, () =>
        {
            if (!network.IsBlocked(from, to) && hosts.TryGetValue(to, out var host) && host.Node is { } node)
            {
                Trace.Add(0x4DL);
                Trace.Add((long)group);
                Trace.Add((long)from);
                Trace.Add((long)to);
                Trace.Add((long)message.Type);
                Trace.Add((long)message.Term);
                Trace.Add((long)message.Index);
                node.Deliver(group, message);
            }
        });
    }

    /// <summary>A request or reply between a client and a node: true once delivered, false when lost (after <paramref name="timeout"/>).</summary>
    internal Task<bool> HopAsync(ulong from, ulong to, long timeout)
    {
        var arrived = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        network.Send(from, to, () => arrived.TrySetResult(true));
        Queue.After(timeout, () => arrived.TrySetResult(false));
        return arrived.Task;
    }

    internal Task Delay(long micros)
    {
        var elapsed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue.After(micros, () => elapsed.TrySetResult());
        return elapsed.Task;
    }

    /// <summary>Waits for <paramref name="task"/> at most <paramref name="micros"/>: true when it finished (in any state).</summary>
    internal async Task<bool> WithinAsync(Task task, long micros)
    {
        if (task.IsCompleted)
        {
            return true;
        }

        var finished = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue.After(micros, () => finished.TrySetResult(false));
        Observe(WatchAsync(task, finished));
        return await finished.Task;

        static async Task WatchAsync(Task task, TaskCompletionSource<bool> finished)
        {
            await task.ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
            finished.TrySetResult(true);
        }
    }

    /// <summary>Fails the run if a simulated activity ends with an exception (instead of losing it).</summary>
    internal void Observe(Task task)
    {
        if (task.IsCompleted)
        {
            Check(task);
            return;
        }

        _ = task.ContinueWith(Check, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        void Check(Task t)
        {
            if (t.IsFaulted)
            {
                Fail($"a simulated client failed at t={Queue.Now}us: {t.Exception!.InnerException}");
            }
        }
    }

    internal void Record(Operation op)
    {
        history.Add(op);
        Trace.Add(0x0BL);
        Trace.Add(op.Client);
        Trace.Add(op.Return);
        Log($"  {Queue.Now}us {op}");
    }

    /// <summary>Election safety, per group: at most one leader per term.</summary>
    internal void CheckLeaders(SimHost host)
    {
        foreach (var replica in host.Node!.Replicas)
        {
            if (replica.Role != RaftRole.Leader)
            {
                continue;
            }

            var term = replica.Term;
            if (leaderOfTerm.TryGetValue((replica.Group, term), out var leader) && leader != host.Id)
            {
                throw new InvariantViolation($"election safety: group {replica.Group} has leaders {leader} and {host.Id} in term {term}");
            }

            leaderOfTerm[(replica.Group, term)] = host.Id;
        }
    }

    internal void Log(string line) => log?.Invoke(line);

    /// <summary>Counts an event of interest (printed with --verbose at the end of the seed).</summary>
    internal void Count(string what, int n = 1) => counters[what] = counters.GetValueOrDefault(what) + n;

    /// <summary>
    /// Cluster mode: a node served a strong read of <paramref name="key"/> that began in
    /// <paramref name="term"/>; it must have led the group then (a stale owner never serves).
    /// </summary>
    internal void CheckStrongRead(ulong node, SimKey key, ulong term, bool leading)
    {
        if (!leading || leaderOfTerm.GetValueOrDefault((key.Group, term)) != node)
        {
            Fail($"stale owner: node {node} served a strong read of {key.Name} (group {key.Group}) at t={Queue.Now}us without leading the group in term {term} (leader of that term: {leaderOfTerm.GetValueOrDefault((key.Group, term))})");
        }
    }

    /// <summary>The code under test must not leave the simulator's thread (a thread-pool continuation would race).</summary>
    internal void CheckOnSimulatorThread()
    {
        if (Environment.CurrentManagedThreadId != simulatorThread)
        {
            Fail("code under test ran on another thread: something left the simulated scheduler");
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> with no synchronization context: a task it completes resumes
    /// the real code that awaited it with <c>ConfigureAwait(false)</c> right here, on this thread (with a
    /// context current, the runtime would send such a continuation to the thread pool).
    /// </summary>
    internal void Inline(Action action)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            action();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    /// <summary>Starts simulator code from inside real code (which may run with no context): its awaits resume as queue events.</summary>
    internal T OnSimulatorContext<T>(Func<T> start)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            return start();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    /// <summary>Runs events until <paramref name="done"/> holds or <paramref name="micros"/> of virtual time passed; whether it holds.</summary>
    internal bool RunUntil(Func<bool> done, long micros, ref int steps)
    {
        var until = Queue.Now + micros;
        while (failure is null && !done() && Queue.Now < until && Queue.TryRunNext())
        {
            steps++;
        }

        return failure is null && done();
    }

    private string Stats()
    {
        var ops = history.GroupBy(o => (o.Op, Outcome: o.OutcomeUnknown ? "unknown" : o.Op is Clients.KvOp.Update && !o.Output!.Value.Ok ? "failed" : "ok"))
            .OrderBy(g => g.Key.Op).ThenBy(g => g.Key.Outcome, StringComparer.Ordinal)
            .Select(g => $"{g.Key.Op.ToString().ToLowerInvariant()} {g.Key.Outcome} {g.Count()}");
        return string.Join(", ", ops.Concat(counters.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}")));
    }

    internal void Fail(string reason) => Interlocked.CompareExchange(ref failure, reason, null);

    /// <summary>
    /// After the run: everything healed and up, run on until every group has a serving leader and all
    /// replicas applied the same index; then their items must be equal. Null when they are.
    /// </summary>
    private string? Converge(ref int steps)
    {
        chaos = false;
        network.HealAll();
        foreach (var host in hosts.Values)
        {
            host.Restart();
        }

        var until = Queue.Now + ConvergeWithinMicros;
        while (failure is null && Queue.Now < until && !Converged())
        {
            var runTo = Queue.Now + 10_000;
            while (failure is null && Queue.TryRunNext())
            {
                steps++;
                if (Queue.Now >= runTo)
                {
                    break;
                }
            }
        }

        if (failure is not null)
        {
            return failure;
        }

        if (CommittedLogsDiffer() is { } divergence)
        {
            return divergence;
        }

        if (!Converged())
        {
            return $"groups did not converge within {ConvergeWithinMicros / 1000} ms after the faults ended: {Describe()}" +
                (replacement is { } r ? $"; replacement to {(r.Phase == 1 ? r.WithLog : r.Full)} unfinished" : "");
        }

        foreach (var key in keys)
        {
            var values = hosts.Values.Select(h => SimItems.ValueOf(h.Engine.Get(ColumnFamily.Data, key.ItemKey))).Distinct(StringComparer.Ordinal).ToList();
            if (values.Count > 1)
            {
                return $"replicas of group {key.Group} disagree on {key.Name}: {string.Join(", ", hosts.Values.Select(h => $"node {h.Id} has {SimItems.ValueOf(h.Engine.Get(ColumnFamily.Data, key.ItemKey)) ?? "∅"}"))}";
            }
        }

        return null;
    }

    /// <summary>State machine safety: every replica's log holds the same entries up to the commit index both know (logs may start after a compaction point).</summary>
    private string? CommittedLogsDiffer()
    {
        foreach (var group in GroupIds)
        {
            var logs = hosts.Values
                .Select(h => (h.Id, Commit: h.Node!.Replica(group)!.CommitIndex, Entries: ReplicaStorage.Load(h.Engine, group, Membership).State.Entries.ToDictionary(e => e.Index)))
                .ToList();
            for (var a = 0; a < logs.Count; a++)
            {
                for (var b = a + 1; b < logs.Count; b++)
                {
                    var upTo = Math.Min(logs[a].Commit, logs[b].Commit);
                    foreach (var (index, x) in logs[a].Entries)
                    {
                        if (index <= upTo && logs[b].Entries.TryGetValue(index, out var y) && (x.Term != y.Term || !x.Data.Span.SequenceEqual(y.Data.Span)))
                        {
                            return $"state machine safety: group {group} committed different entries at index {index}: term {x.Term} on node {logs[a].Id}, term {y.Term} on node {logs[b].Id}" +
                                string.Concat(hosts.Values.Select(h => $"\n  node {h.Id}: {DescribeLog(h, group)}"));
                        }
                    }
                }
            }
        }

        return null;
    }

    private string DescribeLog(SimHost host, ulong group)
    {
        var (state, _) = ReplicaStorage.Load(host.Engine, group, Membership);
        var replica = host.Node!.Replica(group)!;
        return $"commit {replica.CommitIndex} applied {replica.AppliedIndex} term {replica.Term} {replica.Role}; persisted hard state {state.HardState}, compacted through {state.Snapshot.Metadata.Index}, applied {state.Applied}, log " +
            string.Join(' ', state.Entries.Take(8).Select(e => $"{e.Index}:{e.Term}")) + (state.Entries.Count > 8 ? $" ... {state.Entries[^1].Index}:{state.Entries[^1].Term}" : "");
    }

    private bool Converged() => GroupIds.All(group =>
    {
        var replicas = hosts.Values.Select(h => h.Node!.Replica(group)!).ToList();
        var leader = replicas.FirstOrDefault(r => r.IsServing);
        return replacement is null && leader is not null && replicas.All(r => r.AppliedIndex == leader.CommitIndex && r.CommitIndex == leader.CommitIndex);
    });

    private string Describe() => string.Join("; ", GroupIds.Select(group =>
        $"group {group}: " + string.Join(", ", hosts.Values.Select(h => h.Node!.Replica(group)!).Select(r => $"node {r.NodeId} {r.Role} t{r.Term} commit {r.CommitIndex} applied {r.AppliedIndex}{(r.HoldsData ? "" : " (log only)")} {r.Membership}"))));
}
