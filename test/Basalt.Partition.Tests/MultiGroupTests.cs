using static Basalt.Partition.Tests.Writes;

namespace Basalt.Partition.Tests;

/// <summary>A node hosts many groups on one engine; one round persists all of them with one sync.</summary>
public class MultiGroupTests
{
    [Fact]
    public async Task One_round_syncs_the_log_of_every_group_once()
    {
        using var cluster = await TestCluster.StartAsync(3, 1, 2, 3);
        var leaders = new[] { cluster.Elect(1, 1), cluster.Elect(1, 2), cluster.Elect(1, 3) };
        var puts = new List<Task<ProposalOutcome>>();
        foreach (var leader in leaders)
        {
            puts.Add(await StartAsync(leader, $"g{leader.Group}", $"v{leader.Group}"));
        }

        var engine = cluster.Engine(1);
        var before = engine.Syncs;
        Assert.True(TestCluster.Process(cluster.Nodes[1]));
        Assert.Equal(before + 1, engine.Syncs);

        cluster.Pump();
        cluster.Tick(2);
        foreach (var put in puts)
        {
            Assert.Equal(ProposalOutcome.Applied, await put);
        }

        foreach (var node in cluster.Nodes.Values)
        {
            Assert.Equal(["v1", "v2", "v3"], new[] { "g1", "g2", "g3" }.Select(k => Stored(node.Engine, k)));
        }
    }

    [Fact]
    public async Task Groups_elect_and_fail_over_independently()
    {
        using var cluster = await TestCluster.StartAsync(3, 1, 2);
        var one = cluster.Elect(1, 1);
        var two = cluster.Elect(2, 2);
        Assert.True(cluster.Replica(2, 1).Role != Basalt.Replication.RaftRole.Leader);

        cluster.Crash(1, Survival.None);
        var put = await StartAsync(two, "still", "there");
        cluster.Pump();
        Assert.Equal(ProposalOutcome.Applied, await put);
        Assert.True(one.IsStopped);
        cluster.TickUntil(() => cluster.Replica(2, 1).IsServing || cluster.Replica(3, 1).IsServing);
    }
}
