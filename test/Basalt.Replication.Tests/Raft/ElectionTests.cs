namespace Basalt.Replication.Tests.Raft;

/// <summary>Leader election: Raft paper §5.2, §5.4.1; pre-vote and check-quorum (dissertation §9.6).</summary>
public class ElectionTests
{
    [Fact]
    public void Election_CandidateWithVotesFromMajorityBecomesLeader()
    {
        var c = TestCluster.OfVoters(3);
        c.Elect(1);
        Assert.Equal(RaftRole.Leader, c[1].Role);
        Assert.Equal(1UL, c[1].Term);
        Assert.All([c[2], c[3]], n => Assert.Equal(1UL, n.Leader));
    }

    [Fact]
    public void Election_CandidateWithoutMajorityDoesNotLead()
    {
        var c = TestCluster.OfVoters(5);
        c.Isolate(1);
        c.Cut(1, 2);
        c.Heal();
        c.Cut(1, 3);
        c.Cut(1, 4);
        c.Cut(1, 5);
        c.Elect(1);
        Assert.NotEqual(RaftRole.Leader, c[1].Role);
    }

    [Fact]
    public void Election_Safety_AtMostOneLeaderPerTerm()
    {
        // Many rounds of competing campaigns (no pre-vote or leases to calm them) with random message
        // loss: never two leaders in a term.
        var c = TestCluster.OfVoters(5, id => new RaftConfig { Id = id, PreVote = false, CheckQuorum = false, LeaseReads = false });
        var random = new Random(7);
        c.Filter = _ => random.Next(4) != 0;
        var leaders = new Dictionary<ulong, ulong>();
        for (var round = 0; round < 300; round++)
        {
            foreach (var n in c.Nodes.Values)
            {
                n.Tick();
            }

            if (random.Next(10) == 0)
            {
                c[(ulong)random.Next(1, 6)].Campaign();
            }

            c.Stabilize();
            foreach (var n in c.Nodes.Values.Where(n => n.Role == RaftRole.Leader))
            {
                Assert.True(!leaders.TryGetValue(n.Term, out var other) || other == n.Id, $"two leaders in term {n.Term}");
                leaders[n.Term] = n.Id;
            }
        }

        Assert.True(leaders.Count > 1);
    }

    [Fact]
    public void Election_VoterGrantsAtMostOneVotePerTerm()
    {
        var c = TestCluster.OfVoters(3);
        var n = c[1];
        n.Step(new Message { Type = MessageType.Vote, From = 2, To = 1, Term = 5, Index = 0, LogTerm = 0 });
        n.Step(new Message { Type = MessageType.Vote, From = 3, To = 1, Term = 5, Index = 0, LogTerm = 0 });
        var responses = n.GetReady().Messages.Where(m => m.Type == MessageType.VoteResponse).ToList();
        Assert.False(responses.Single(m => m.To == 2).Reject);
        Assert.True(responses.Single(m => m.To == 3).Reject);
        Assert.Equal(2UL, n.Vote);
    }

    [Fact]
    public void Election_VoterRejectsCandidateWhoseLogIsLessUpToDate()
    {
        var c = TestCluster.OfVoters(3);
        c.Elect(1);
        c.Propose(1, "x");
        var n = c[2];
        // Same last term but shorter log, then older last term: both refused (§5.4.1).
        n.Step(new Message { Type = MessageType.Vote, From = 3, To = 2, Term = 9, Index = 1, LogTerm = 1 });
        n.Step(new Message { Type = MessageType.Vote, From = 3, To = 2, Term = 10, Index = 50, LogTerm = 0 });
        Assert.All(n.GetReady().Messages.Where(m => m.Type == MessageType.VoteResponse), m => Assert.True(m.Reject));
    }

    [Fact]
    public void Election_VoteIsPersistedWithSyncBeforeTheResponseGoesOut()
    {
        var n = TestCluster.OfVoters(3)[1];
        n.Step(new Message { Type = MessageType.Vote, From = 2, To = 1, Term = 3 });
        var rd = n.GetReady();
        Assert.Equal(new HardState(3, 2, 0), rd.HardState);
        Assert.True(rd.MustSync);
        Assert.Contains(rd.Messages, m => m.Type == MessageType.VoteResponse && !m.Reject);
    }

    [Fact]
    public void Election_FollowerCampaignsWithinTwoElectionTimeoutsWithoutLeader()
    {
        var c = TestCluster.OfVoters(3);
        for (var i = 0; i < 20 && c.LeaderNode is null; i++)
        {
            c.TickAll();
        }

        Assert.NotNull(c.LeaderNode);
    }

    [Fact]
    public void Election_RandomizedTimeoutIsBetweenOneAndTwoElectionTimeouts()
    {
        for (var seed = 0; seed < 50; seed++)
        {
            var n = new RaftNode(new RaftConfig { Id = 1, PreVote = false }, RaftInitialState.Bootstrap(Membership.OfVoters(1, 2, 3)), new Random(seed));
            var ticks = 0;
            while (n.Role == RaftRole.Follower)
            {
                n.Tick();
                ticks++;
            }

            Assert.InRange(ticks, 10, 19);
        }
    }

    [Fact]
    public void Election_LeaderStepsDownOnSeeingHigherTerm()
    {
        var c = TestCluster.OfVoters(3);
        c.Elect(1);
        c[1].Step(new Message { Type = MessageType.AppendResponse, From = 2, To = 1, Term = 7 });
        Assert.Equal(RaftRole.Follower, c[1].Role);
        Assert.Equal(7UL, c[1].Term);
    }

    [Fact]
    public void PreVote_PartitionedFollowerDoesNotDisruptHealthyLeader()
    {
        var c = TestCluster.OfVoters(3);
        c.Elect(1);
        c.Isolate(3);
        c.TickAll(50);
        Assert.Equal(1UL, c[3].Term);
        c.Heal();
        c.TickAll(5);
        Assert.Equal(RaftRole.Leader, c[1].Role);
        Assert.Equal(1UL, c[1].Term);
    }

    [Fact]
    public void PreVote_FollowerThatHeardFromLeaderRecentlyIgnoresVoteRequests()
    {
        var c = TestCluster.OfVoters(3);
        c.Elect(1);
        c[2].Step(new Message { Type = MessageType.Vote, From = 3, To = 2, Term = 2, Index = 10, LogTerm = 5 });
        Assert.Empty(c[2].GetReady().Messages);
        Assert.Equal(1UL, c[2].Term);
    }

    [Fact]
    public void CheckQuorum_LeaderWithoutQuorumStepsDownWithinTwoElectionTimeouts()
    {
        var c = TestCluster.OfVoters(3);
        c.Elect(1);
        c.Isolate(1);
        c.Tick(1, 20);
        Assert.Equal(RaftRole.Follower, c[1].Role);
    }

    [Fact]
    public void Election_RestartedNodeRefusesVotesForOneElectionTimeout()
    {
        var c = TestCluster.OfVoters(3);
        c.Elect(1);
        c.Restart(2);
        var vote = new Message { Type = MessageType.Vote, From = 3, To = 2, Term = 5, Index = 10, LogTerm = 5 };
        c[2].Step(vote);
        Assert.DoesNotContain(c[2].GetReady().Messages, m => m.Type == MessageType.VoteResponse);
        c.Restart(2);
        c.Tick(2, 10);
        c[2].Step(vote);
        Assert.Contains(c[2].GetReady().Messages, m => m.Type == MessageType.VoteResponse && !m.Reject);
    }
}
