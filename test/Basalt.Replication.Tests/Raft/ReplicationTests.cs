namespace Basalt.Replication.Tests.Raft;

/// <summary>Log replication and commitment: Raft paper §5.3, §5.4.2, Figure 3; flow control.</summary>
public class ReplicationTests
{
    [Fact]
    public void Commit_EntryCommitsOnceReplicatedOnMajorityAndEveryNodeAppliesIt()
    {
        var c = TestCluster.OfVoters(3);
        c.Elect(1);
        c.Isolate(3);
        c.Propose(1, "a");
        Assert.Equal(["a"], c.AppliedCommands(1));
        Assert.Equal(["a"], c.AppliedCommands(2));
        Assert.Empty(c.AppliedCommands(3));
        c.Heal();
        c.TickAll(2);
        Assert.Equal(["a"], c.AppliedCommands(3));
    }

    [Fact]
    public void Commit_EntryWithoutMajorityDoesNotCommit()
    {
        var c = TestCluster.OfVoters(3);
        c.Elect(1);
        c.Isolate(1);
        c.Nodes[1].Propose("a"u8.ToArray());
        c.Stabilize();
        Assert.Empty(c.AppliedCommands(1));
    }

    [Fact]
    public void Commit_LeaderCountsItsOwnEntryOnlyAfterPersistingIt()
    {
        var n = new RaftNode(new RaftConfig { Id = 1 }, RaftInitialState.Bootstrap(Membership.OfVoters(1)), new Random(1));
        n.Campaign();
        Assert.Equal(RaftRole.Leader, n.Role);
        var rd = n.GetReady();
        Assert.Single(rd.Entries);
        Assert.Equal(0UL, n.CommitIndex);
        n.Advance(rd);
        Assert.Equal(1UL, n.CommitIndex);
    }

    [Fact]
    public void LogMatching_FollowerRejectsAppendWhosePreviousEntryDoesNotMatch()
    {
        var n = TestCluster.OfVoters(3)[2];
        n.Step(new Message { Type = MessageType.Append, From = 1, To = 2, Term = 2, Index = 5, LogTerm = 2, Entries = [new Entry(6, 2, EntryType.Normal, default)] });
        var resp = n.GetReady().Messages.Single();
        Assert.True(resp.Reject);
        Assert.Equal(0UL, n.LastIndex);
    }

    [Fact]
    public void LogMatching_FollowerDeletesConflictingSuffixAndAppendsLeaderEntries()
    {
        var n = TestCluster.OfVoters(3)[2];
        Entry E(ulong i, ulong t) => new(i, t, EntryType.Normal, new byte[] { (byte)i });
        n.Step(new Message { Type = MessageType.Append, From = 1, To = 2, Term = 1, Index = 0, LogTerm = 0, Entries = [E(1, 1), E(2, 1), E(3, 1)] });
        n.Advance(n.GetReady());
        n.Step(new Message { Type = MessageType.Append, From = 3, To = 2, Term = 2, Index = 1, LogTerm = 1, Entries = [E(2, 2)] });
        Assert.Equal(2UL, n.LastIndex);
        Assert.True(n.TryGetTerm(2, out var t) && t == 2);
        var rd = n.GetReady();
        Assert.Equal([2UL], rd.Entries.Select(e => e.Index));
        Assert.False(rd.Messages.Single().Reject);
    }

    [Fact]
    public void LeaderAppendOnly_LeaderNeverOverwritesOrDeletesItsEntries()
    {
        var c = TestCluster.OfVoters(3);
        c.Elect(1);
        c.Propose(1, "a");
        var before = Enumerable.Range(1, (int)c[1].LastIndex).Select(i => c[1].EntryAt((ulong)i)).ToList();
        // A conflicting Append at the leader's own term cannot exist; one from an older term is refused.
        c[1].Step(new Message { Type = MessageType.Append, From = 2, To = 1, Term = 0, Index = 0, LogTerm = 0, Entries = [new Entry(1, 0, EntryType.Normal, default)] });
        c.Stabilize();
        Assert.Equal(before, Enumerable.Range(1, before.Count).Select(i => c[1].EntryAt((ulong)i)).ToList());
    }

    [Fact]
    public void Commit_LeaderNeverCommitsEarlierTermEntryByCountingReplicas()
    {
        // Figure 8: a new leader that replicates an entry of an earlier term to a majority must not
        // commit it until an entry of its own term is replicated too.
        var c = TestCluster.OfVoters(3, Plain(maxAppendBytes: 1));
        c.Elect(1);
        c.Isolate(1);
        c[1].Propose("old"u8.ToArray());
        c.Stabilize();
        c.Heal();
        c[1].Step(new Message { Type = MessageType.AppendResponse, From = 2, To = 1, Term = 2 });
        c.Filter = m => m.Type != MessageType.Append;
        c.Elect(1);
        Assert.Equal(RaftRole.Leader, c[1].Role);
        var term = c[1].Term;
        Assert.True(c[1].TryGetTerm(2, out var oldTerm) && oldTerm < term);

        // Node 2 acknowledges through the old entry: a majority holds it, yet it must not commit.
        c[1].Step(new Message { Type = MessageType.AppendResponse, From = 2, To = 1, Term = term, Index = 2 });
        c.Stabilize();
        Assert.True(c[1].CommitIndex < 2, "committed an earlier term's entry by counting replicas");

        // Once the leader's own no-op (index 3) is on a majority, both commit.
        c[1].Step(new Message { Type = MessageType.AppendResponse, From = 2, To = 1, Term = term, Index = 3 });
        c.Stabilize();
        Assert.Equal(3UL, c[1].CommitIndex);
    }

    internal static Func<ulong, RaftConfig> Plain(long maxAppendBytes = 64 * 1024) =>
        id => new RaftConfig { Id = id, PreVote = false, CheckQuorum = false, LeaseReads = false, MaxAppendBytes = maxAppendBytes };

    [Fact]
    public void StateMachineSafety_AllNodesApplyTheSameCommandsInTheSameOrder()
    {
        var c = TestCluster.OfVoters(5);
        var random = new Random(3);
        c.Filter = _ => random.Next(5) != 0;
        for (var i = 0; i < 200; i++)
        {
            if (c.LeaderNode is { } leader)
            {
                leader.Propose(System.Text.Encoding.UTF8.GetBytes($"c{i}"));
            }

            c.TickAll();
        }

        c.Filter = null;
        c.TickAll(30);
        var reference = c.AppliedCommands(1).ToList();
        Assert.True(reference.Count > 50);
        foreach (var id in c.Nodes.Keys)
        {
            Assert.Equal(reference, c.AppliedCommands(id));
        }
    }

    [Fact]
    public void FastBacktracking_LeaderSkipsAConflictingTermInOneRoundTrip()
    {
        // Follower 3 has 20 entries of term 1 that the leader never had; the leader's log is long
        // in term 2. One rejection hint must move the leader past all of them.
        var c = TestCluster.OfVoters(3, Plain());
        c.Elect(3);
        c.Isolate(3);
        for (var i = 0; i < 20; i++)
        {
            c[3].Propose("stale"u8.ToArray());
        }

        c.Stabilize();
        c.Elect(1);
        for (var i = 0; i < 20; i++)
        {
            c.Propose(1, $"new{i}");
        }

        // A fresh leader starts probing at its own last index, far beyond node 3's log.
        c.Elect(2);
        c.Sent.Clear();
        c.Heal();
        c.TickAll(3);
        var rejections = c.Sent.Count(m => m.Type == MessageType.AppendResponse && m.From == 3 && m.Reject);
        Assert.InRange(rejections, 1, 2);
        Assert.Equal(c[2].LastIndex, c[3].LastIndex);
    }

    [Fact]
    public void FlowControl_ReplicationPausesWhenTheInflightWindowIsFull()
    {
        var c = TestCluster.OfVoters(2, id => new RaftConfig { Id = id, MaxInflightMessages = 3 });
        c.Elect(1);
        c.Filter = m => m.Type != MessageType.AppendResponse;
        c.Sent.Clear();
        for (var i = 0; i < 10; i++)
        {
            c[1].Propose(new byte[] { (byte)i });
            c.Stabilize();
        }

        Assert.Equal(3, c.Sent.Count(m => m.Type == MessageType.Append && m.Entries.Count > 0));
    }

    [Fact]
    public void FlowControl_AppendCarriesAtMostMaxAppendBytes()
    {
        var c = TestCluster.OfVoters(2, id => new RaftConfig { Id = id, MaxAppendBytes = 300 });
        c.Elect(1);
        c.Isolate(2);
        for (var i = 0; i < 10; i++)
        {
            c[1].Propose(new byte[100]);
        }

        c.Stabilize();
        c.Heal();
        c.Sent.Clear();
        c.TickAll(3);
        Assert.All(c.Sent.Where(m => m.Type == MessageType.Append), m => Assert.True(m.Entries.Count <= 2));
        Assert.Equal(c[1].LastIndex, c[2].LastIndex);
    }

    [Fact]
    public void Follower_AcknowledgesEntriesOnlyInTheReadyThatPersistsThem()
    {
        var n = TestCluster.OfVoters(3)[2];
        n.Step(new Message { Type = MessageType.Append, From = 1, To = 2, Term = 1, Index = 0, LogTerm = 0, Entries = [new Entry(1, 1, EntryType.Normal, new byte[] { 1 })], Commit = 0 });
        var rd = n.GetReady();
        Assert.True(rd.MustSync);
        Assert.Single(rd.Entries);
        Assert.Contains(rd.Messages, m => m.Type == MessageType.AppendResponse && m.Index == 1);
    }
}
