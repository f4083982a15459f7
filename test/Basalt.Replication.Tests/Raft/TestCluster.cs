namespace Basalt.Replication.Tests.Raft;

/// <summary>
/// A synchronous in-memory group for unit tests: every node persists its Ready at once, messages
/// are queued and delivered by <see cref="Stabilize"/>, and links can be cut or filtered.
/// </summary>
internal sealed class TestCluster
{
    private readonly Dictionary<ulong, Disk> disks = [];
    private readonly HashSet<(ulong From, ulong To)> cut = [];
    private readonly Queue<Message> inFlight = new();
    private readonly Func<ulong, RaftConfig> configFor;

    public TestCluster(Membership membership, Func<ulong, RaftConfig>? configFor = null, IEnumerable<ulong>? extra = null)
    {
        this.configFor = configFor ?? (id => new RaftConfig { Id = id, ElectionTicks = 10, HeartbeatTicks = 1 });
        foreach (var id in membership.All)
        {
            Start(id, RaftInitialState.Bootstrap(membership));
        }

        foreach (var id in extra ?? [])
        {
            Start(id, RaftInitialState.Joining());
        }
    }

    public static TestCluster OfVoters(int n, Func<ulong, RaftConfig>? configFor = null) =>
        new(Membership.OfVoters([.. Enumerable.Range(1, n).Select(i => (ulong)i)]), configFor);

    public Dictionary<ulong, RaftNode> Nodes { get; } = [];

    public Dictionary<ulong, List<Entry>> Applied { get; } = [];

    public Dictionary<ulong, List<ReadState>> Reads { get; } = [];

    public List<Message> Sent { get; } = [];

    /// <summary>Messages for which this returns false are dropped.</summary>
    public Func<Message, bool>? Filter { get; set; }

    public RaftNode this[ulong id] => Nodes[id];

    public void Start(ulong id, RaftInitialState state)
    {
        disks[id] = new Disk { HardState = state.HardState, Snapshot = state.Snapshot, Entries = [.. state.Entries] };
        Nodes[id] = new RaftNode(configFor(id), state, new Random((int)id));
        Applied[id] = [];
        Reads[id] = [];
    }

    /// <summary>Rebuilds the node from what it persisted.</summary>
    public void Restart(ulong id)
    {
        var d = disks[id];
        Nodes[id] = new RaftNode(configFor(id), new RaftInitialState(d.HardState, d.Snapshot, [.. d.Entries]), new Random((int)id + 100));
        Applied[id] = [];
    }

    public void Cut(ulong a, ulong b)
    {
        cut.Add((a, b));
        cut.Add((b, a));
    }

    public void Isolate(ulong id)
    {
        foreach (var other in Nodes.Keys)
        {
            if (other != id)
            {
                Cut(id, other);
            }
        }
    }

    public void Heal() => cut.Clear();

    public void Tick(ulong id, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            Nodes[id].Tick();
        }
    }

    public void TickAll(int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            foreach (var n in Nodes.Values)
            {
                n.Tick();
            }

            Stabilize();
        }
    }

    /// <summary>Processes every Ready and delivers every message until nothing is left.</summary>
    public void Stabilize(int maxRounds = 10_000)
    {
        for (var round = 0; round < maxRounds; round++)
        {
            var any = false;
            foreach (var (id, node) in Nodes)
            {
                while (node.HasReady)
                {
                    any = true;
                    Process(id, node);
                }
            }

            if (inFlight.Count == 0 && !any)
            {
                return;
            }

            var batch = inFlight.Count;
            for (var i = 0; i < batch; i++)
            {
                var m = inFlight.Dequeue();
                if (Nodes.TryGetValue(m.To, out var to))
                {
                    to.Step(m);
                }
            }
        }

        throw new InvalidOperationException("Cluster did not stabilize.");
    }

    private void Process(ulong id, RaftNode node)
    {
        var rd = node.GetReady();
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
            Sent.Add(m);
            if (!cut.Contains((m.From, m.To)) && (Filter?.Invoke(m) ?? true))
            {
                inFlight.Enqueue(m);
            }
        }

        Applied[id].AddRange(rd.CommittedEntries.Where(e => e.Type == EntryType.Normal && e.Data.Length > 0));
        Reads[id].AddRange(rd.ReadStates);
        node.Advance(rd);
    }

    /// <summary>Compacts the node's log (and its disk) through its applied index.</summary>
    public void Compact(ulong id, byte[] data)
    {
        var node = Nodes[id];
        var index = node.AppliedIndex;
        node.Compact(index, data);
        disks[id].Snapshot = node.LatestSnapshot;
        disks[id].Entries.RemoveAll(e => e.Index <= index);
    }

    /// <summary>Elects <paramref name="id"/> by letting it campaign and delivering everything.</summary>
    public void Elect(ulong id)
    {
        Nodes[id].Campaign();
        Stabilize();
    }

    public RaftNode? LeaderNode => Nodes.Values.FirstOrDefault(n => n.Role == RaftRole.Leader);

    public ulong Propose(ulong id, string command)
    {
        var outcome = Nodes[id].Propose(System.Text.Encoding.UTF8.GetBytes(command));
        Assert.True(outcome.Accepted, $"proposal refused: {outcome.Status}");
        Stabilize();
        return outcome.Index;
    }

    public IEnumerable<string> AppliedCommands(ulong id) =>
        Applied[id].Select(e => System.Text.Encoding.UTF8.GetString(e.Data.Span));

    private sealed class Disk
    {
        public HardState HardState { get; set; }

        public required Snapshot Snapshot { get; set; }

        public required List<Entry> Entries { get; init; }
    }
}
