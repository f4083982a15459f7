namespace Basalt.Replication.Tests.Raft;

/// <summary>Log replicas: vote and persist, count in quorums, never campaign, lead or serve reads.</summary>
public class LogReplicaTests
{
    private static TestCluster WithLogReplica() => new(new Membership([1, 2], [3], []));

    [Fact]
    public void LogReplica_NeverCampaignsHoweverLongItWaits()
    {
        var c = WithLogReplica();
        c.Isolate(3);
        c.Tick(3, 200);
        c.Stabilize();
        Assert.Equal(RaftRole.Follower, c[3].Role);
        Assert.Equal(0UL, c[3].Term);
        c[3].Campaign();
        Assert.Equal(RaftRole.Follower, c[3].Role);
    }

    [Fact]
    public void LogReplica_AcknowledgementCountsTowardTheCommitQuorum()
    {
        var c = WithLogReplica();
        c.Elect(1);
        c.Isolate(2);
        c.Propose(1, "a");
        Assert.Equal(["a"], c.AppliedCommands(1));
    }

    [Fact]
    public void LogReplica_VoteCountsInElectionsOfOthers()
    {
        var c = WithLogReplica();
        c.Cut(1, 2);
        c.Elect(1);
        Assert.Equal(RaftRole.Leader, c[1].Role);
    }

    [Fact]
    public void LogReplica_IgnoresTimeoutNowAndCannotBeATransferTarget()
    {
        var c = WithLogReplica();
        c.Elect(1);
        Assert.Equal(TransferStatus.InvalidTarget, c[1].TransferLeadership(3));
        c[3].Step(new Message { Type = MessageType.TimeoutNow, From = 1, To = 3, Term = c[1].Term });
        Assert.Equal(RaftRole.Follower, c[3].Role);
    }

    [Fact]
    public void LogReplica_NeverServesReads()
    {
        var c = WithLogReplica();
        c.Elect(1);
        Assert.Equal(ReadIndexStatus.NotLeader, c[3].ReadIndex(1));
    }

    [Fact]
    public void LogReplica_IsNeverPromotedBecauseItKeptNoState()
    {
        var c = WithLogReplica();
        c.Elect(1);
        c.Propose(1, "a");
        Assert.Equal(ProposeStatus.InvalidConfigChange, c[1].ProposeConfigChange(new ConfigChange(ConfigChangeType.AddVoter, 3)).Status);
        Assert.Equal(ProposeStatus.InvalidConfigChange, c[1].ProposeConfigChange(new ConfigChange(ConfigChangeType.AddLearner, 3)).Status);
        Assert.True(c[1].ProposeConfigChange(new ConfigChange(ConfigChangeType.Remove, 3)).Accepted);
    }
}
