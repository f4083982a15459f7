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
    public void LogReplica_IsNotPromotedWhileItKeepsNoState()
    {
        var c = WithLogReplica();
        c.Elect(1);
        c.Propose(1, "a");
        Assert.Equal(ProposeStatus.InvalidConfigChange, c[1].ProposeConfigChange(new ConfigChange(ConfigChangeType.AddVoter, 3)).Status);
        Assert.Equal(ProposeStatus.InvalidConfigChange, c[1].ProposeConfigChange(new ConfigChange(ConfigChangeType.AddLearner, 3)).Status);
        Assert.True(c[1].ProposeConfigChange(new ConfigChange(ConfigChangeType.Remove, 3)).Accepted);
    }

    [Fact]
    public void LogReplica_IsPromotedOnceItAcknowledgedADataInstallUnderTheLogItKeeps()
    {
        var c = WithLogReplica();
        foreach (var node in c.Nodes.Values)
        {
            node.DataSnapshotsOnDemand = true;
        }

        c[3].HasStateMachine = false;
        c.Elect(1);
        c.Propose(1, "a");
        c.Propose(1, "b");
        var lastOf3 = c[3].LastIndex;
        Assert.Equal(ProposeStatus.InvalidConfigChange, c[1].ProposeConfigChange(new ConfigChange(ConfigChangeType.AddVoter, 3)).Status);

        // The leader asks its host for an image, then sends it to the log replica, which keeps its log.
        Assert.False(c[1].RequestDataInstall(3));
        c.Stabilize();
        Assert.True(c[1].DataSnapshotWanted);
        Assert.False(c[1].PeerHoldsData(3));
        c[1].OfferDataSnapshot(c[1].AppliedIndex, "image"u8.ToArray());
        c.Stabilize();
        var install = Assert.Single(c.Sent, m => m.Type == MessageType.Snapshot);
        Assert.True(install.Force);
        Assert.Equal("image"u8.ToArray(), install.Data.ToArray());
        Assert.Equal(lastOf3, c[3].LastIndex);
        Assert.Equal(0UL, c[3].SnapshotIndex);
        Assert.True(c[1].PeerHoldsData(3));

        // Still voting throughout; now it may become a full voter (its host says it keeps state now).
        c[3].HasStateMachine = true;
        Assert.True(c[1].RequestDataInstall(3));
        Assert.True(c[1].ProposeConfigChange(new ConfigChange(ConfigChangeType.AddVoter, 3)).Accepted);

        // Its probe after the install is answered at the match the leader knows: the next heartbeat resumes it.
        c.TickAll(2);
        Assert.True(c[3].Membership.IsFullVoter(3));
        Assert.True(c[3].Promotable);
        c.Propose(1, "c");
        Assert.Equal(["a", "b", "c"], c.AppliedCommands(1));
    }

    [Fact]
    public void LogReplica_WithoutStateNeverCampaignsEvenIfMadeAFullVoter()
    {
        var c = new TestCluster(Membership.OfVoters(1, 2, 3));
        c[3].HasStateMachine = false;
        Assert.False(c[3].Promotable);
        c[3].Campaign();
        c.TickAll(100);
        Assert.NotEqual(RaftRole.Leader, c[3].Role);
        Assert.NotNull(c.LeaderNode);
    }
}
