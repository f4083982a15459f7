using Basalt.Replication;
using static Basalt.Partition.Tests.Writes;

namespace Basalt.Partition.Tests;

/// <summary>Proposals are tied to the term their evaluation ran in.</summary>
public class TermTests
{
    [Fact]
    public async Task A_proposal_with_a_stale_term_is_refused_even_when_the_node_leads_again()
    {
        using var cluster = await TestCluster.StartAsync(3);
        var leader = cluster.Elect(1);
        var term = leader.BeginWrite();

        cluster.Elect(2);
        Assert.Equal(RaftRole.Follower, leader.Role);
        var e = Refuses<ReplicaUnavailableException>(() => leader.ProposeAsync(term, Command("k", "v")));
        Assert.Equal(2UL, e.LeaderHint);
        Assert.Throws<ReplicaUnavailableException>(() => leader.BeginWrite());

        cluster.Elect(1);
        Assert.True(leader.Term > term);
        Refuses<ReplicaUnavailableException>(() => leader.ProposeAsync(term, Command("k", "v")));
        var fresh = leader.BeginWrite();
        Assert.Equal(leader.Term, fresh);
        var put = leader.ProposeAsync(fresh, Command("k", "v"));
        cluster.Pump();
        Assert.Equal(ProposalOutcome.Applied, await put);
    }

    [Fact]
    public async Task A_proposal_overwritten_after_a_leader_change_completes_superseded()
    {
        using var cluster = await TestCluster.StartAsync(3);
        var old = cluster.Elect(1);
        var oldTerm = old.BeginWrite();

        // The leader is cut off, takes a write it can never commit, and reads its own pending image.
        cluster.Transport.Isolate(1);
        var lost = await StartAsync(old, "k", "lost");
        cluster.Pump();
        Assert.Equal("lost", Text(old.ReadLatest(Key("k"))));
        var confirm = old.ConfirmLatestAsync(oldTerm, [Key("k")]);

        // The others elect a leader of a later term, which writes at the same index; the old one steps down.
        var others = new[] { cluster.Replica(2), cluster.Replica(3) };
        cluster.TickUntil(() => others.Any(r => r.IsServing) && old.Role != RaftRole.Leader);
        Assert.Null(old.ReadLatest(Key("k")));
        var current = others.Single(r => r.IsServing);
        var won = await StartAsync(current, "k", "won");
        cluster.Pump();
        Assert.Equal(ProposalOutcome.Applied, await won);
        Assert.False(lost.IsCompleted);

        cluster.Transport.HealAll();
        cluster.TickUntil(() => lost.IsCompleted);
        Assert.Equal(ProposalOutcome.Superseded, await lost);
        await Assert.ThrowsAsync<ReplicaUnavailableException>(() => confirm);
        Assert.Equal("won", Stored(old.Engine, "k"));
        Assert.Equal("won", Text(old.ReadLatest(Key("k"))));
    }

    [Fact]
    public async Task A_read_round_of_a_leader_that_steps_down_fails_instead_of_hanging()
    {
        using var cluster = await TestCluster.StartAsync(3);
        var leader = cluster.Elect(1);
        cluster.Transport.Isolate(1);
        cluster.Tick(8);
        var read = leader.ReadIndexAsync();
        Assert.False(read.IsCompleted);
        cluster.TickUntil(() => leader.Role != RaftRole.Leader);
        Assert.True(read.IsFaulted);
        await Assert.ThrowsAsync<ReplicaUnavailableException>(() => read);
    }
}
