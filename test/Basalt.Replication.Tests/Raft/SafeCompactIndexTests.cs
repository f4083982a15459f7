namespace Basalt.Replication.Tests.Raft;

/// <summary>
/// <see cref="RaftNode.SafeCompactIndex"/>: the index every member holds durably, computed by the
/// leader and learned by followers from heartbeats, so hosts may drop their logs without ever
/// needing a snapshot.
/// </summary>
public class SafeCompactIndexTests
{
    [Fact]
    public void A_member_that_is_behind_holds_the_index_back_on_the_leader_and_on_followers()
    {
        var c = TestCluster.OfVoters(3);
        c.Elect(1);
        c.Propose(1, "a");
        c.TickAll();
        c.Stabilize();
        var all = c[1].CommitIndex;
        Assert.Equal(all, c[1].SafeCompactIndex);
        Assert.Equal(all, c[2].SafeCompactIndex);

        c.Isolate(3);
        for (var i = 0; i < 5; i++)
        {
            c.Propose(1, $"b{i}");
        }

        c.TickAll();
        c.Stabilize();
        Assert.True(c[1].CommitIndex > all);
        Assert.Equal(all, c[1].SafeCompactIndex);
        Assert.Equal(all, c[2].SafeCompactIndex);

        c.Heal();
        c.TickAll();
        c.Stabilize();
        c.TickAll();
        c.Stabilize();
        Assert.Equal(c[1].CommitIndex, c[1].SafeCompactIndex);
        Assert.Equal(c[1].CommitIndex, c[2].SafeCompactIndex);
        Assert.Equal(c[1].CommitIndex, c[3].SafeCompactIndex);
    }
}
