using Basalt.Metadata.Events;
using Basalt.Metadata.Group;
using Basalt.Replication;

namespace Basalt.Metadata.Tests.Group;

/// <summary>
/// Three (or more) meta group members in one test, stepped deterministically: every Ready is
/// persisted to an in-memory disk at once, messages are queued and delivered by
/// <see cref="Stabilize"/>, links can be cut, and members restart from what they persisted.
/// </summary>
internal sealed class MetaGroupHarness
{
    private readonly Dictionary<ulong, Disk> disks = [];
    private readonly HashSet<(ulong From, ulong To)> cut = [];
    private readonly Queue<Message> inFlight = new();
    private readonly ulong compactionThreshold;
    private int incarnation;

    public MetaGroupHarness(int size = 3, ulong compactionThreshold = 1024)
    {
        this.compactionThreshold = compactionThreshold;
        var membership = Membership.OfVoters([.. Enumerable.Range(1, size).Select(i => (ulong)i)]);
        foreach (var id in membership.Voters)
        {
            disks[id] = new Disk { Snapshot = Snapshot.Initial(membership) };
            Start(id, RaftInitialState.Bootstrap(membership));
        }
    }

    public Dictionary<ulong, MetaGroupMember> Members { get; } = [];

    /// <summary>The change events each member raised, in order (reset when it restarts).</summary>
    public Dictionary<ulong, List<MapEvent>> Events { get; } = [];

    public MetaGroupMember this[ulong id] => Members[id];

    public MetaGroupMember? Leader => Members.Values.FirstOrDefault(m => m.Role == RaftRole.Leader);

    /// <summary>Snapshot index each member persisted last.</summary>
    public ulong PersistedSnapshotIndex(ulong id) => disks[id].Snapshot.Metadata.Index;

    public void Cut(ulong a, ulong b)
    {
        cut.Add((a, b));
        cut.Add((b, a));
    }

    public void Isolate(ulong id)
    {
        foreach (var other in Members.Keys.Where(o => o != id))
        {
            Cut(id, other);
        }
    }

    public void Heal() => cut.Clear();

    public void Elect(ulong id)
    {
        Members[id].Campaign();
        Stabilize();
    }

    public void TickAll(int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            foreach (var m in Members.Values)
            {
                m.Tick();
            }

            Stabilize();
        }
    }

    /// <summary>Ticks until some member leads (a bounded number of rounds).</summary>
    public MetaGroupMember WaitForLeader()
    {
        for (var i = 0; i < 500; i++)
        {
            if (Leader is { } leader && Members.Values.Count(m => m.Leader == leader.Id) >= 2)
            {
                return leader;
            }

            TickAll();
        }

        throw new InvalidOperationException("No leader emerged.");
    }

    /// <summary>Rebuilds a member from its disk.</summary>
    public void Restart(ulong id)
    {
        var d = disks[id];
        Start(id, new RaftInitialState(d.HardState, d.Snapshot, [.. d.Entries]));
    }

    /// <summary>Processes every Ready and delivers every message until nothing is left.</summary>
    public void Stabilize()
    {
        for (var round = 0; round < 10_000; round++)
        {
            var any = false;
            foreach (var (id, member) in Members)
            {
                while (member.HasReady)
                {
                    any = true;
                    Process(id, member);
                }
            }

            if (inFlight.Count == 0 && !any)
            {
                return;
            }

            for (var n = inFlight.Count; n > 0; n--)
            {
                var m = inFlight.Dequeue();
                if (Members.TryGetValue(m.To, out var to))
                {
                    to.Step(m);
                }
            }
        }

        throw new InvalidOperationException("The group did not stabilize.");
    }

    private void Start(ulong id, RaftInitialState state)
    {
        var config = new RaftConfig { Id = id, ElectionTicks = 10, HeartbeatTicks = 1 };
        var member = new MetaGroupMember(config, state, new Random((int)id + (100 * incarnation++)))
        {
            CompactionThreshold = compactionThreshold,
        };
        var events = new List<MapEvent>();
        member.Changed += events.Add;
        Members[id] = member;
        Events[id] = events;
    }

    private void Process(ulong id, MetaGroupMember member)
    {
        var rd = member.TakeReady();
        var disk = disks[id];
        if (rd.Snapshot is { } snap)
        {
            disk.Snapshot = snap;
            disk.Entries.Clear();
        }

        if (rd.Entries.Count > 0)
        {
            var first = rd.Entries[0].Index;
            disk.Entries.RemoveAll(e => e.Index >= first);
            disk.Entries.AddRange(rd.Entries);
        }

        if (rd.HardState is { } hs)
        {
            disk.HardState = hs;
        }

        foreach (var m in rd.Messages)
        {
            if (!cut.Contains((m.From, m.To)))
            {
                inFlight.Enqueue(m);
            }
        }

        if (member.Complete(rd) is { } compacted)
        {
            disk.Snapshot = compacted;
            disk.Entries.RemoveAll(e => e.Index <= compacted.Metadata.Index);
        }
    }

    private sealed class Disk
    {
        public HardState HardState { get; set; }

        public required Snapshot Snapshot { get; set; }

        public List<Entry> Entries { get; } = [];
    }
}
