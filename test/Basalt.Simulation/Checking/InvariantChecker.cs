using Basalt.Replication;
using Basalt.Simulation.Cluster;

namespace Basalt.Simulation.Checking;

/// <summary>
/// The Raft safety properties (paper Figure 3), checked after every simulation step:
/// election safety, log matching, leader completeness, state machine safety, and that log
/// replicas never campaign or lead; plus "no acknowledged write lost".
/// </summary>
internal sealed class InvariantChecker
{
    private readonly Dictionary<ulong, ulong> leaderOfTerm = [];
    private readonly Dictionary<(ulong Index, ulong Term), (ulong Hash, ulong PrevTerm)> entriesSeen = [];
    private readonly List<CommittedEntry?> committed = [null];
    private readonly Dictionary<ulong, (RaftRole Role, ulong Term)> lastSeen = [];
    private readonly Func<long> clock;

    public InvariantChecker(Func<long> clock) => this.clock = clock;

    public int Checks { get; private set; }

    /// <summary>The highest term any node has led.</summary>
    public ulong MaxLeaderTerm { get; private set; }

    /// <summary>Log matching: an (index, term) pair always names the same entry after the same predecessor.</summary>
    public void OnPersisted(SimNode node, Ready rd)
    {
        var raft = node.Raft!;
        foreach (var e in rd.Entries)
        {
            var prevTerm = raft.TryGetTerm(e.Index - 1, out var t) ? t : ulong.MaxValue;
            var value = (HashOf(e), prevTerm);
            if (!entriesSeen.TryGetValue((e.Index, e.Term), out var seen))
            {
                entriesSeen[(e.Index, e.Term)] = value;
            }
            else if (seen.Hash != value.Item1 || (seen.PrevTerm != prevTerm && seen.PrevTerm != ulong.MaxValue && prevTerm != ulong.MaxValue))
            {
                Fail($"log matching: node {node.Id} holds a different entry at index {e.Index} term {e.Term}");
            }
        }
    }

    /// <summary>State machine safety: every node applies the same entry at each index.</summary>
    public void OnApplied(SimNode node, Entry e)
    {
        while (committed.Count <= (int)e.Index)
        {
            committed.Add(null);
        }

        var hash = HashOf(e);
        if (committed[(int)e.Index] is { } c)
        {
            if (c.Term != e.Term || c.Hash != hash)
            {
                Fail($"state machine safety: node {node.Id} applied term {e.Term} at index {e.Index}, but term {c.Term} was committed there");
            }
        }
        else
        {
            committed[(int)e.Index] = new CommittedEntry(e.Term, hash, node.Raft!.Term);
        }
    }

    /// <summary>No acknowledged write lost: the entry that acknowledged a write is the committed one.</summary>
    public void OnAcknowledged(ulong index, ulong term)
    {
        if (index == 0)
        {
            return;
        }

        if ((int)index >= committed.Count || committed[(int)index] is not { } c || c.Term != term)
        {
            Fail($"acknowledged write at index {index} term {term} is not the committed entry there");
        }
    }

    public void OnCrash(SimNode node) => lastSeen.Remove(node.Id);

    public void AfterStep(SimNode node)
    {
        Checks++;
        var raft = node.Raft;
        if (raft is null)
        {
            return;
        }

        var role = raft.Role;
        if (role != RaftRole.Follower && (node.LogReplicaHost || raft.Membership.IsLogReplica(node.Id)))
        {
            Fail($"log replica {node.Id} became {role} in term {raft.Term}");
        }

        if (role == RaftRole.Leader)
        {
            if (leaderOfTerm.TryGetValue(raft.Term, out var other) && other != node.Id)
            {
                Fail($"election safety: nodes {other} and {node.Id} both led term {raft.Term}");
            }

            leaderOfTerm[raft.Term] = node.Id;
            MaxLeaderTerm = Math.Max(MaxLeaderTerm, raft.Term);
            if (!lastSeen.TryGetValue(node.Id, out var before) || before.Role != RaftRole.Leader || before.Term != raft.Term)
            {
                CheckLeaderCompleteness(node, raft);
            }
        }

        lastSeen[node.Id] = (role, raft.Term);
    }

    /// <summary>Leader completeness: a leader of term T holds every entry committed in an earlier term.</summary>
    private void CheckLeaderCompleteness(SimNode node, RaftNode raft)
    {
        for (var i = (int)raft.SnapshotIndex + 1; i < committed.Count; i++)
        {
            if (committed[i] is not { } c || c.CommitTerm >= raft.Term)
            {
                continue;
            }

            if ((ulong)i > raft.LastIndex || !raft.TryGetTerm((ulong)i, out var t) || t != c.Term)
            {
                Fail($"leader completeness: leader {node.Id} of term {raft.Term} lacks entry {i} (term {c.Term}) committed in term {c.CommitTerm}");
            }
        }
    }

    private void Fail(string message) =>
        throw new InvariantViolation($"{message} (at t={clock() / 1000.0:0.###}ms)");

    private static ulong HashOf(Entry e)
    {
        var h = new TraceHash();
        h.Add((ulong)e.Type);
        h.Add(e.Data.Span);
        return h.Value;
    }

    private sealed record CommittedEntry(ulong Term, ulong Hash, ulong CommitTerm);
}
