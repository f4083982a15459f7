namespace Basalt.Replication.Tests.Raft;

/// <summary>Linearizable reads: leader leases and ReadIndex (dissertation §6.4).</summary>
public class ReadTests
{
    private static TestCluster LeaderWithLease()
    {
        var c = TestCluster.OfVoters(3);
        c.Elect(1);
        c.TickAll(1);
        Assert.True(c[1].HasValidLease);
        return c;
    }

    [Fact]
    public void Lease_ReadIsServedWithNoRoundTrip()
    {
        var c = LeaderWithLease();
        c.Sent.Clear();
        Assert.Equal(ReadIndexStatus.Lease, c[1].ReadIndex(42));
        c.Stabilize();
        Assert.Empty(c.Sent);
        Assert.Equal(new ReadState(42, c[1].CommitIndex, ViaLease: true), c.Reads[1].Single());
    }

    [Fact]
    public void Lease_ExpiresDriftBoundBeforeFollowersWouldVoteForAnotherCandidate()
    {
        // ElectionTicks 10, drift bound 2: the lease lasts 10 - 1 - 2 = 7 ticks past the send time
        // of the last request a quorum acknowledged; followers refuse votes for 10 ticks after hearing.
        var c = LeaderWithLease();
        c.Isolate(1);
        var valid = 0;
        while (c[1].HasValidLease)
        {
            c.Tick(1);
            valid++;
        }

        Assert.Equal(7, valid);
        Assert.Equal(RaftRole.Leader, c[1].Role);
        Assert.Equal(ReadIndexStatus.Pending, c[1].ReadIndex(1));
    }

    [Fact]
    public void Lease_NewLeaderHasNoLeaseUntilItCommitsInItsTerm()
    {
        var c = TestCluster.OfVoters(3);
        c.Filter = m => m.Type != MessageType.AppendResponse;
        c.Elect(1);
        Assert.Equal(RaftRole.Leader, c[1].Role);
        Assert.False(c[1].HasValidLease);
        Assert.Equal(ReadIndexStatus.Pending, c[1].ReadIndex(5));
        c.Stabilize();
        Assert.Empty(c.Reads[1]);
        c.Filter = null;
        c.TickAll(1);
        Assert.Single(c.Reads[1]);
    }

    [Fact]
    public void ReadIndex_IsServedOnlyAfterAQuorumConfirmsLeadership()
    {
        var c = TestCluster.OfVoters(3, id => new RaftConfig { Id = id, LeaseReads = false });
        c.Elect(1);
        c.Isolate(1);
        Assert.Equal(ReadIndexStatus.Pending, c[1].ReadIndex(9));
        c.Stabilize();
        Assert.Empty(c.Reads[1]);
        c.Heal();
        c.TickAll(1);
        Assert.Equal(9UL, c.Reads[1].Single().Context);
        Assert.False(c.Reads[1].Single().ViaLease);
    }

    [Fact]
    public void ReadIndex_PendingReadsAreDroppedWhenTheLeaderStepsDown()
    {
        var c = TestCluster.OfVoters(3, id => new RaftConfig { Id = id, LeaseReads = false });
        c.Elect(1);
        c.Isolate(1);
        c[1].ReadIndex(9);
        c.Tick(1, 25);
        c.Stabilize();
        Assert.NotEqual(RaftRole.Leader, c[1].Role);
        c.Heal();
        c.TickAll(30);
        Assert.Empty(c.Reads[1]);
    }

    [Fact]
    public void ReadIndex_FollowerCannotServeLinearizableReads()
    {
        var c = LeaderWithLease();
        Assert.Equal(ReadIndexStatus.NotLeader, c[2].ReadIndex(1));
    }

    [Fact]
    public void Lease_LeaderGivesUpItsLeaseWhenItStartsATransfer()
    {
        var c = LeaderWithLease();
        c.Filter = m => m.Type != MessageType.TimeoutNow;
        Assert.Equal(TransferStatus.Started, c[1].TransferLeadership(2));
        Assert.False(c[1].HasValidLease);
        c.TickAll(12);
        Assert.Equal(RaftRole.Leader, c[1].Role);
        Assert.False(c[1].HasValidLease);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Lease_EndsBeforeAnyNewLeaderCanBeElectedEvenWithDriftingClocks(bool withoutDriftBound)
    {
        // The old leader's clock runs 10% slow, the followers' 10% fast; follower 2 campaigns at
        // every tick, as early as vote refusal lets it. With the drift bound the lease is over
        // before a new leader exists; without it the lease outlives the old leader's authority.
        var c = TestCluster.OfVoters(3, id => new RaftConfig
        {
            Id = id, LeaseDriftTicks = 2, Bugs = withoutDriftBound ? InjectedBugs.LeaseWithoutDriftBound : InjectedBugs.None,
        });
        c.Elect(1);
        c.TickAll(1);
        c.Isolate(1);
        long newLeader = 0;
        var oldLeaseStillValid = false;
        for (long t = 1; t < 400 && newLeader == 0; t++)
        {
            if (t % 11 == 0)
            {
                c.Tick(1);
            }

            if (t % 9 == 0)
            {
                c.Tick(2);
                c.Tick(3);
                c[2].Campaign();
                c.Stabilize();
                if (c[2].Role == RaftRole.Leader)
                {
                    newLeader = t;
                    oldLeaseStillValid = c[1].HasValidLease;
                }
            }
        }

        Assert.NotEqual(0, newLeader);
        Assert.Equal(withoutDriftBound, oldLeaseStillValid);
    }
}
