using Basalt.Replication;
using Basalt.Simulation.Clients;

namespace Basalt.Simulation.Cluster;

/// <summary>
/// The host of one simulated replica: it drives a <see cref="RaftNode"/> with ticks from its own
/// (drifting) clock, persists Ready batches to a <see cref="SimDisk"/>, applies committed commands
/// to the key-value store (unless it is a log replica, which keeps no state machine), answers
/// clients, and takes snapshots.
/// </summary>
internal sealed class SimNode
{
    private const long TickMicros = 10_000;

    private readonly Simulation sim;
    private readonly SimRandom random;
    private readonly Dictionary<(int Client, long OpId), ClientRequest> pendingWrites = [];
    private readonly Dictionary<ulong, ClientRequest> pendingReads = [];
    private readonly List<(ulong Index, ClientRequest Request)> readsAwaitingApply = [];
    private KvStateMachine kv = new();
    private ulong nextReadContext = 1;

    public SimNode(Simulation sim, ulong id, bool logReplicaHost, RaftInitialState initial, SimRandom random, double clockRate)
    {
        this.sim = sim;
        this.random = random;
        Id = id;
        LogReplicaHost = logReplicaHost;
        ClockRate = clockRate;
        Disk = new SimDisk(initial);
        Start(initial);
    }

    public ulong Id { get; }

    /// <summary>Hosts a log replica: persists and votes, keeps no key-value state.</summary>
    public bool LogReplicaHost { get; }

    public double ClockRate { get; }

    public SimDisk Disk { get; }

    public RaftNode? Raft { get; private set; }

    public bool Up => Raft is not null;

    /// <summary>Removed from the group and shut down for good.</summary>
    public bool Retired { get; private set; }

    public int Incarnation { get; private set; }

    private void Start(RaftInitialState state)
    {
        Incarnation++;
        Raft = new RaftNode(sim.RaftConfigFor(Id), state, new SimRandomAdapter(random.Fork()));
        kv = new KvStateMachine();
        if (!LogReplicaHost)
        {
            kv.Restore(state.Snapshot.Data.Span);
        }

        ScheduleTick(Incarnation);
        Drain();
    }

    public void Crash()
    {
        if (!Up)
        {
            return;
        }

        Raft = null;
        pendingWrites.Clear();
        pendingReads.Clear();
        readsAwaitingApply.Clear();
        Disk.Crash(random, sim.Profile.TornWrites);
        sim.Checker.OnCrash(this);
    }

    public void Restart()
    {
        if (Up || Retired)
        {
            return;
        }

        Start(Disk.Load());
    }

    public void Retire()
    {
        Crash();
        Retired = true;
    }

    private void ScheduleTick(int incarnation) =>
        sim.Queue.After((long)(TickMicros * ClockRate), () =>
        {
            if (Raft is null || Incarnation != incarnation)
            {
                return;
            }

            sim.Trace.Add(0x71L);
            sim.Trace.Add((long)Id);
            Raft.Tick();
            Drain();
            ScheduleTick(incarnation);
        });

    public void Deliver(Message m)
    {
        if (Raft is null)
        {
            return;
        }

        sim.Trace.Add(0x4DL);
        sim.Trace.Add((long)m.From);
        sim.Trace.Add((long)m.To);
        sim.Trace.Add((long)m.Type);
        sim.Trace.Add((long)m.Term);
        sim.Trace.Add((long)m.Index);
        Raft.Step(m);
        Drain();
    }

    public void OnClientRequest(ClientRequest request)
    {
        if (Raft is null)
        {
            return;
        }

        var command = request.Command;
        sim.Trace.Add(0x52L);
        sim.Trace.Add((long)Id);
        sim.Trace.Add(command.OpId);
        if (Raft.Role != RaftRole.Leader || LogReplicaHost)
        {
            Reply(request, ReplyStatus.NotLeader, default, 0, 0);
            return;
        }

        if (command.Op == KvOp.Get)
        {
            var context = nextReadContext++;
            if (Raft.ReadIndex(context) == ReadIndexStatus.NotLeader)
            {
                Reply(request, ReplyStatus.NotLeader, default, 0, 0);
                return;
            }

            pendingReads[context] = request;
        }
        else if (kv.ResultOf(command.Client, command.OpId) is { } done)
        {
            Reply(request, ReplyStatus.Done, done, 0, 0);
        }
        else
        {
            var outcome = Raft.Propose(command.Encode());
            if (!outcome.Accepted)
            {
                Reply(request, ReplyStatus.NotLeader, default, 0, 0);
                return;
            }

            pendingWrites[(command.Client, command.OpId)] = request;
        }

        Drain();
    }

    /// <summary>Handles every Ready: persist (and sync), send, apply, serve reads, advance, compact.</summary>
    public void Drain()
    {
        var raft = Raft;
        while (raft is not null && raft.HasReady)
        {
            var rd = raft.GetReady();
            if (rd.Snapshot is { } snapshot)
            {
                Disk.InstallSnapshot(LogReplicaHost ? snapshot with { Data = ReadOnlyMemory<byte>.Empty } : snapshot);
                if (!LogReplicaHost)
                {
                    kv.Restore(snapshot.Data.Span);
                }
            }

            if (rd.Entries.Count > 0)
            {
                Disk.AppendEntries(rd.Entries);
            }

            if (rd.HardState is { } hs)
            {
                Disk.SetHardState(hs);
            }

            if (rd.MustSync)
            {
                Disk.Sync();
            }

            sim.Checker.OnPersisted(this, rd);
            if (NoticeCrashPoints(rd))
            {
                // Crashed between persisting and sending: nothing of this Ready leaves the node.
                return;
            }

            foreach (var m in rd.Messages)
            {
                sim.SendToNode(m);
            }

            foreach (var e in rd.CommittedEntries)
            {
                Apply(e);
            }

            foreach (var rs in rd.ReadStates)
            {
                if (pendingReads.Remove(rs.Context, out var request))
                {
                    readsAwaitingApply.Add((rs.Index, request));
                }
            }

            raft.Advance(rd);
            ServeReads();
            MaybeCompact();
        }

        sim.Checker.AfterStep(this);
    }

    /// <summary>
    /// Moments worth crashing at: just after voting, winning, committing a predecessor's entries,
    /// appending or committing as leader —
    /// either a moment later, or right now, after the Ready is persisted but before any of its
    /// messages are sent. True when the node crashed now.
    /// </summary>
    private bool NoticeCrashPoints(Ready rd)
    {
        string? moment = null;
        foreach (var m in rd.Messages)
        {
            if (m.Type == MessageType.VoteResponse && !m.Reject)
            {
                moment = "voted";
                break;
            }
        }

        if (moment is null && rd.SoftState.Role == RaftRole.Leader)
        {
            if (rd.SoftStateChanged)
            {
                moment = "won an election";
            }
            else if (rd.CommittedEntries.Count > 0 && rd.CommittedEntries[0].Term < Raft!.Term)
            {
                // The end of a handover: the new leader commits what its predecessors left (Figure 8).
                moment = "committed an earlier term's entries";
            }
            else if (rd.Entries.Count > 0 && random.Chance(0.2))
            {
                moment = "appended as leader";
            }
            else if (rd.CommittedEntries.Count > 0 && random.Chance(0.2))
            {
                moment = "committed as leader";
            }
        }

        return moment is not null && sim.MaybeCrashAt(this, moment);
    }

    private void Apply(Entry e)
    {
        sim.Checker.OnApplied(this, e);
        if (e.Type != EntryType.Normal || e.Data.Length == 0)
        {
            return;
        }

        var command = KvCommand.Decode(e.Data.Span);
        if (!LogReplicaHost)
        {
            kv.Apply(command);
        }

        if (pendingWrites.Remove((command.Client, command.OpId), out var request) && kv.ResultOf(command.Client, command.OpId) is { } result)
        {
            Reply(request, ReplyStatus.Done, result, e.Index, e.Term);
        }
    }

    private void ServeReads()
    {
        var applied = Raft!.AppliedIndex;
        for (var i = 0; i < readsAwaitingApply.Count;)
        {
            var (index, request) = readsAwaitingApply[i];
            if (index <= applied)
            {
                Reply(request, ReplyStatus.Done, new KvResult(true, kv.Read(request.Command.Key)), 0, 0);
                readsAwaitingApply.RemoveAt(i);
            }
            else
            {
                i++;
            }
        }
    }

    private void MaybeCompact()
    {
        var raft = Raft!;
        if (raft.AppliedIndex - raft.SnapshotIndex < (ulong)sim.Profile.CompactEvery)
        {
            return;
        }

        raft.Compact(raft.AppliedIndex, LogReplicaHost ? ReadOnlyMemory<byte>.Empty : kv.Snapshot());
        Disk.Compact(raft.LatestSnapshot);
    }

    private void Reply(ClientRequest request, ReplyStatus status, KvResult result, ulong index, ulong term) =>
        sim.SendToClient(Id, request.ClientEndpoint, new ClientReply(request.Attempt, request.Command.OpId, status, result, Raft?.Leader ?? 0, index, term));
}
