using Basalt.Metadata.Commands;
using Basalt.Metadata.Group;
using Basalt.Replication;
using Basalt.Simulation.Cluster;
using Basalt.Simulation.Partitions;

namespace Basalt.Simulation.ClusterMode;

/// <summary>
/// One member of the meta group in cluster mode: the real <see cref="MetaGroupMember"/> on a
/// <see cref="SimDisk"/> (synced at every Ready that asks for it; a crash keeps what was synced),
/// ticked by its own drifting clock, its Raft messages crossing the simulated network.
/// </summary>
internal sealed class MetaHost
{
    private const long TickMicros = 10_000;

    private readonly PartitionSimulation sim;
    private readonly SimRandom random;
    private readonly SimDisk disk;
    private readonly double clockRate;
    private readonly Action<Message> send;

    public MetaHost(PartitionSimulation sim, ulong id, Membership membership, SimRandom random, double clockRate, Action<Message> send)
    {
        this.sim = sim;
        this.send = send;
        this.random = random;
        this.clockRate = clockRate;
        Id = id;
        disk = new SimDisk(RaftInitialState.Bootstrap(membership));
        Start();
    }

    public ulong Id { get; }

    public MetaGroupMember? Member { get; private set; }

    public bool Up => Member is not null;

    public bool Leads => Member is { Role: RaftRole.Leader };

    public int Incarnation { get; private set; }

    public void Crash()
    {
        if (Member is null)
        {
            return;
        }

        Member = null;
        Incarnation++;
        disk.Crash(random, tornWrites: false);
    }

    public void Restart()
    {
        if (!Up)
        {
            Start();
        }
    }

    /// <summary>Proposes <paramref name="command"/> when this member leads (the outcome shows in the map; nobody waits for it).</summary>
    public bool Propose(MetaCommand command)
    {
        if (Member is not { Role: RaftRole.Leader } member)
        {
            return false;
        }

        var accepted = member.Propose(command).Outcome.Accepted;
        Drain();
        return accepted;
    }

    public void Deliver(Message message)
    {
        if (Member is { } member)
        {
            member.Step(message);
            Drain();
        }
    }

    private void Start()
    {
        Incarnation++;
        var config = new RaftConfig
        {
            Id = Id,
            ElectionTicks = 10,
            HeartbeatTicks = 2,
            PreVote = sim.Profile.PreVote,
            CheckQuorum = sim.Profile.CheckQuorum,
        };

        // A small feed and frequent compaction: MemDS falls off the stream and resyncs from snapshots.
        Member = new MetaGroupMember(config, disk.Load(), new SimRandomAdapter(random.Fork()), feedCapacity: 4) { CompactionThreshold = 16 };
        ScheduleTick(Incarnation);
        Drain();
    }

    private void Drain()
    {
        var member = Member;
        while (member is not null && member.HasReady)
        {
            var ready = member.TakeReady();
            if (ready.Snapshot is { } snapshot)
            {
                disk.InstallSnapshot(snapshot);
            }

            if (ready.Entries.Count > 0)
            {
                disk.AppendEntries(ready.Entries);
            }

            if (ready.HardState is { } hardState)
            {
                disk.SetHardState(hardState);
            }

            if (ready.MustSync)
            {
                disk.Sync();
            }

            foreach (var message in ready.Messages)
            {
                send(message);
            }

            if (member.Complete(ready) is { } compacted)
            {
                disk.Compact(compacted);
                disk.Sync();
            }
        }
    }

    private void ScheduleTick(int incarnation) =>
        sim.Queue.After((long)(TickMicros * clockRate), () =>
        {
            if (incarnation != Incarnation || Member is not { } member)
            {
                return;
            }

            sim.Trace.Add(0x3E7AL);
            sim.Trace.Add((long)Id);
            member.Tick();
            Drain();
            ScheduleTick(incarnation);
        });
}
