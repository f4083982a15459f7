using Basalt.Node;
using Basalt.Storage;

namespace Basalt.Simulation.Partitions;

/// <summary>
/// One machine of partition mode: a real <see cref="StorageNode"/> on a <see cref="PowerLossStorageEngine"/>,
/// ticked by its own (drifting) clock and driven by the event queue: whenever the node has work, a
/// processing round runs a moment later (the disk's latency). A crash stops the node and keeps what
/// the engine's power loss leaves; a restart hosts the same groups again from that engine.
/// </summary>
internal sealed class SimHost
{
    private const long TickMicros = 10_000;

    private readonly PartitionSimulation sim;
    private readonly SimRandom random;
    private readonly NodeLog log;
    private CrashableEngine? engine;
    private bool processScheduled;

    private readonly Basalt.Replication.Membership membership;
    private readonly bool join;

    public SimHost(PartitionSimulation sim, ulong id, SimRandom random, double clockRate, Basalt.Replication.Membership membership, bool join)
    {
        this.membership = membership;
        this.join = join;
        this.sim = sim;
        this.random = random;
        Id = id;
        ClockRate = clockRate;
        log = new NodeLog(id, sim.Applied);
        Engine = new PowerLossStorageEngine();
        Start();
    }

    public ulong Id { get; }

    public double ClockRate { get; }

    public PowerLossStorageEngine Engine { get; private set; }

    public StorageNode? Node { get; private set; }

    public bool Up => Node is not null;

    public int Incarnation { get; private set; }

    public int Rounds { get; private set; }

    public void Start()
    {
        Incarnation++;
        log.Reset(Engine);
        engine = new CrashableEngine(Engine, log);
        var options = new Basalt.Node.NodeOptions { ElectionTicks = 10, HeartbeatTicks = 2, LogCompactionThreshold = (ulong)sim.Profile.CompactEvery };
        var node = new StorageNode(Id, engine, sim.Transport, options)
        {
            ConfigureRaft = sim.ConfigureRaft,
            RandomFor = _ => new SimRandomAdapter(random.Fork()),
            Bugs = sim.Bugs.HasFlag(PartitionBugs.AppliedIndexSynced) ? NodeInjectedBugs.AppliedIndexBeforeItems : NodeInjectedBugs.None,
            SnapshotScope = sim.Scope,
        };
        node.Wake = ScheduleProcess;
        Node = node;
        foreach (var group in sim.GroupIds)
        {
            var hosting = node.HostAsync(group, membership, join);
            if (hosting.IsFaulted)
            {
                hosting.GetAwaiter().GetResult();
            }

            if (!hosting.IsCompletedSuccessfully)
            {
                throw new InvalidOperationException("HostAsync must complete synchronously on an in-memory engine.");
            }
        }

        ScheduleTick(Incarnation);
        ScheduleProcess();
    }

    /// <summary>Power loss: the node stops (its replicas fail their waiters) and the engine keeps what survives.</summary>
    public void Crash()
    {
        if (Node is not { } node)
        {
            return;
        }

        node.Stop();
        Node = null;
        Incarnation++;
        processScheduled = false;
        Engine = Engine.Crash(new SimRandomAdapter(random));
    }

    /// <summary>Gone for good (replaced): never restarted.</summary>
    public bool Retired { get; private set; }

    /// <summary>The machine dies for good.</summary>
    public void Retire()
    {
        Crash();
        Retired = true;
    }

    public void Restart()
    {
        if (!Up && !Retired)
        {
            Start();
        }
    }

    private void ScheduleProcess()
    {
        if (processScheduled || !Up)
        {
            return;
        }

        processScheduled = true;
        var incarnation = Incarnation;
        sim.Queue.After(random.NextLong(20, 600), () =>
        {
            if (incarnation == Incarnation)
            {
                processScheduled = false;
                Process();
            }
        });
    }

    private void Process()
    {
        var node = Node!;
        var before = Moments(node);
        if (sim.MaybeArmMidRoundCrash())
        {
            // Power fails at one of the round's writes: the apply batch of what was durable, the log
            // batch, the apply batch of what came in the round.
            engine!.FailAtWrite = random.Next(1, 4);
        }

        var round = node.ProcessAsync();
        engine!.FailAtWrite = 0;
        if (!round.IsCompleted)
        {
            throw new InvalidOperationException("A processing round on an in-memory engine must complete synchronously.");
        }

        bool worked;
        try
        {
            worked = round.Result;
        }
        catch (SimulatedPowerLoss)
        {
            // What the round sent before the power went out is on the wire.
            sim.Transport.Flush(Id);
            sim.CrashNow(this, "in the middle of a round");
            return;
        }

        sim.Trace.Add(0x9AL);
        sim.Trace.Add((long)Id);
        sim.Trace.Add(worked ? 1L : 0L);
        if (!worked)
        {
            return;
        }

        Rounds++;
        sim.CheckLeaders(this);

        // The round's messages are held until here, so a crash now is one after persisting, before sending.
        var moment = Moment(before, Moments(node));
        if (sim.MaybeCrashAfterRound(this, moment))
        {
            sim.Transport.Drop(Id);
            return;
        }

        sim.Transport.Flush(Id);
        ScheduleProcess();
    }

    /// <summary>What each replica of the node is, to notice interesting moments of a round.</summary>
    private static List<(ulong Group, Basalt.Replication.RaftRole Role, ulong Term, ulong Commit)> Moments(StorageNode node) =>
        [.. node.Replicas.OrderBy(r => r.Group).Select(r => (r.Group, r.Role, r.Term, r.CommitIndex))];

    private static string? Moment(
        List<(ulong Group, Basalt.Replication.RaftRole Role, ulong Term, ulong Commit)> before,
        List<(ulong Group, Basalt.Replication.RaftRole Role, ulong Term, ulong Commit)> after)
    {
        for (var i = 0; i < Math.Min(before.Count, after.Count); i++)
        {
            var (b, a) = (before[i], after[i]);
            if (a.Role == Basalt.Replication.RaftRole.Leader && b.Role != Basalt.Replication.RaftRole.Leader)
            {
                return "won an election";
            }

            if (a.Term > b.Term)
            {
                return "entered a new term";
            }

            if (a.Role == Basalt.Replication.RaftRole.Leader && a.Commit > b.Commit)
            {
                return "committed as leader";
            }
        }

        return null;
    }

    private void ScheduleTick(int incarnation) =>
        sim.Queue.After((long)(TickMicros * ClockRate), () =>
        {
            if (incarnation != Incarnation || Node is not { } node)
            {
                return;
            }

            sim.Trace.Add(0x71L);
            sim.Trace.Add((long)Id);
            node.Tick();
            ScheduleTick(incarnation);
        });
}
