namespace Basalt.Replication.Tests.Raft;

/// <summary>Single-server membership changes (dissertation §4.1), learners and leadership transfer (§3.10).</summary>
public class MembershipTests
{
    [Fact]
    public void Membership_NewNodeJoinsAsLearnerCatchesUpAndIsPromotedToVoter()
    {
        var c = new TestCluster(Membership.OfVoters(1, 2, 3), extra: [4]);
        c.Elect(1);
        c.Propose(1, "a");
        Assert.True(c[1].ProposeConfigChange(new ConfigChange(ConfigChangeType.AddLearner, 4)).Accepted);
        c.Stabilize();
        Assert.True(c[4].Membership.IsLearner(4));
        Assert.Equal(["a"], c.AppliedCommands(4));
        Assert.Equal(c[1].LastIndex, c[1].Peers.Single(p => p.Id == 4).Match);
        Assert.True(c[1].ProposeConfigChange(new ConfigChange(ConfigChangeType.AddVoter, 4)).Accepted);
        c.Stabilize();
        Assert.All(c.Nodes.Values, n => Assert.Equal(4, n.Membership.Voting.Count));
    }

    [Fact]
    public void Membership_LearnerNeitherVotesNorCountsInTheCommitQuorum()
    {
        var c = new TestCluster(new Membership([1, 2], [], [3]));
        c.Elect(1);
        c.Isolate(2);
        c[1].Propose("a"u8.ToArray());
        c.Stabilize();
        Assert.Empty(c.AppliedCommands(1));
        Assert.Equal(c[1].LastIndex, c[3].LastIndex);
        c.Tick(3, 100);
        Assert.Equal(RaftRole.Follower, c[3].Role);
    }

    [Fact]
    public void Membership_OnlyOneUncommittedChangeAtATime()
    {
        var c = new TestCluster(Membership.OfVoters(1, 2, 3), extra: [4, 5]);
        c.Elect(1);
        c.Isolate(1);
        Assert.True(c[1].ProposeConfigChange(new ConfigChange(ConfigChangeType.AddLearner, 4)).Accepted);
        Assert.Equal(ProposeStatus.ConfigChangePending, c[1].ProposeConfigChange(new ConfigChange(ConfigChangeType.AddLearner, 5)).Status);
    }

    [Fact]
    public void Membership_NoChangeBeforeTheLeaderCommitsAnEntryOfItsTerm()
    {
        var c = TestCluster.OfVoters(3);
        c.Filter = m => m.Type != MessageType.AppendResponse;
        c.Elect(1);
        Assert.Equal(ProposeStatus.ConfigChangePending, c[1].ProposeConfigChange(new ConfigChange(ConfigChangeType.Remove, 3)).Status);
    }

    [Fact]
    public void Membership_ChangeTakesEffectWhenAppendedAndRevertsWhenTruncated()
    {
        var n = TestCluster.OfVoters(3)[2];
        var next = Membership.OfVoters(1, 2);
        n.Step(new Message { Type = MessageType.Append, From = 1, To = 2, Term = 1, Entries = [new Entry(1, 1, EntryType.Config, next.Encode())] });
        Assert.Equal(next, n.Membership);
        n.Step(new Message { Type = MessageType.Append, From = 3, To = 2, Term = 2, Entries = [new Entry(1, 2, EntryType.Normal, default)] });
        Assert.Equal(Membership.OfVoters(1, 2, 3), n.Membership);
    }

    [Fact]
    public void Membership_RemovedLeaderStepsDownOnceTheRemovalCommits()
    {
        var c = TestCluster.OfVoters(3);
        c.Elect(1);
        c.Propose(1, "a");
        Assert.True(c[1].ProposeConfigChange(new ConfigChange(ConfigChangeType.Remove, 1)).Accepted);
        c.Stabilize();
        Assert.NotEqual(RaftRole.Leader, c[1].Role);
        c.TickAll(40);
        Assert.Contains(RaftRole.Leader, new[] { c[2].Role, c[3].Role });
    }

    [Fact]
    public void Membership_TooLargeOrEmptyChangesAreRefused()
    {
        Assert.False(Membership.OfVoters(1).TryApply(new ConfigChange(ConfigChangeType.Remove, 1), out _, out _));
        Assert.False(Membership.OfVoters(1, 2).TryApply(new ConfigChange(ConfigChangeType.AddVoter, 2), out _, out _));
        Assert.Equal(Membership.OfVoters(1, 2), Membership.Decode(Membership.OfVoters(2, 1).Encode()));
    }

    [Fact]
    public void Transfer_CaughtUpTargetBecomesLeaderInTheNextTerm()
    {
        var c = TestCluster.OfVoters(3);
        c.Elect(1);
        c.Propose(1, "a");
        Assert.Equal(TransferStatus.Started, c[1].TransferLeadership(3));
        c.Stabilize();
        Assert.Equal(RaftRole.Leader, c[3].Role);
        Assert.Equal(2UL, c[3].Term);
    }

    [Fact]
    public void Transfer_LaggingTargetIsBroughtUpToDateFirstAndProposalsWait()
    {
        var c = TestCluster.OfVoters(3);
        c.Elect(1);
        c.Isolate(3);
        c.Propose(1, "a");
        c[1].TransferLeadership(3);
        Assert.Equal(ProposeStatus.TransferInProgress, c[1].Propose("b"u8.ToArray()).Status);
        c.Heal();
        c.TickAll(2);
        Assert.Equal(RaftRole.Leader, c[3].Role);
        Assert.Equal(c[1].LastIndex, c[3].LastIndex);
    }

    [Fact]
    public void Transfer_IsAbandonedAfterAnElectionTimeout()
    {
        var c = TestCluster.OfVoters(3);
        c.Elect(1);
        c.Filter = m => m.Type != MessageType.TimeoutNow;
        c[1].TransferLeadership(2);
        c.TickAll(10);
        Assert.Equal(RaftRole.Leader, c[1].Role);
        Assert.True(c[1].Propose("x"u8.ToArray()).Accepted);
    }
}
