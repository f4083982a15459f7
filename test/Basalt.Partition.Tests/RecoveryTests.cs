using Basalt.Replication;
using Basalt.Storage;
using static Basalt.Partition.Tests.Writes;

namespace Basalt.Partition.Tests;

/// <summary>
/// Items are written without sync and rebuilt from the synced log: after power loss a re-hosted
/// replica replays what it had committed, and every acknowledged write is there.
/// </summary>
public class RecoveryTests
{
    private static async Task<Dictionary<string, string>> WriteAllAsync(TestCluster cluster, PartitionReplica leader, int count, string prefix = "k")
    {
        var acknowledged = new Dictionary<string, string>();
        for (var i = 0; i < count; i++)
        {
            var put = await StartAsync(leader, $"{prefix}{i}", $"v{i}");
            cluster.Pump();
            Assert.Equal(ProposalOutcome.Applied, await put);
            acknowledged[$"{prefix}{i}"] = $"v{i}";
        }

        return acknowledged;
    }

    private static int Missing(IStorageEngine engine, Dictionary<string, string> acknowledged) =>
        acknowledged.Count(kv => Stored(engine, kv.Key) != kv.Value);

    [Fact]
    public async Task A_single_replica_replays_its_own_log_after_losing_its_unsynced_items()
    {
        using var cluster = await TestCluster.StartAsync(1);
        var leader = cluster.Elect(1);
        var acknowledged = await WriteAllAsync(cluster, leader, 10);
        Assert.Equal(0, Missing(leader.Engine, acknowledged));

        cluster.Crash(1, Survival.None);
        var survivor = cluster.Engine(1);
        Assert.True(Missing(survivor, acknowledged) > 0, "the last applies were not synced, so power loss dropped them");
        Assert.NotNull(survivor.Get(ColumnFamily.Log, ReplicaStorage.EntryKey(1, leader.CommitIndex)));

        await cluster.RestartAsync(1);
        var restarted = cluster.Elect(1);
        Assert.NotSame(leader, restarted);
        Assert.Equal(0, Missing(restarted.Engine, acknowledged));
        Assert.True(restarted.AppliedIndex >= leader.CommitIndex);
    }

    [Fact]
    public async Task A_follower_that_lost_its_unsynced_items_catches_up_from_its_log_and_the_leader()
    {
        using var cluster = await TestCluster.StartAsync(3);
        var leader = cluster.Elect(1);
        var acknowledged = await WriteAllAsync(cluster, leader, 10);
        cluster.Tick(2);
        Assert.Equal(0, Missing(cluster.Engine(2), acknowledged));

        cluster.Crash(2, Survival.None);
        Assert.True(Missing(cluster.Engine(2), acknowledged) > 0);
        var more = await WriteAllAsync(cluster, leader, 5, "m");

        await cluster.RestartAsync(2);
        cluster.TickUntil(() => Missing(cluster.Engine(2), acknowledged) + Missing(cluster.Engine(2), more) == 0);
        Assert.Equal(leader.AppliedIndex, cluster.Replica(2).AppliedIndex);
    }

    [Fact]
    public async Task The_whole_group_loses_power_and_every_acknowledged_write_survives()
    {
        for (var seed = 0; seed < 12; seed++)
        {
            var random = new Random(seed);
            using var cluster = await TestCluster.StartAsync(3);
            var leader = cluster.Elect((ulong)random.Next(1, 4));
            var acknowledged = await WriteAllAsync(cluster, leader, random.Next(1, 12));

            // A write proposed but not acknowledged may or may not survive; it must not break anything.
            _ = await StartAsync(leader, "unacknowledged", "?");
            TestCluster.Process(cluster.Nodes[leader.NodeId]);

            foreach (var id in new ulong[] { 1, 2, 3 })
            {
                cluster.Crash(id, random);
            }

            foreach (var id in new ulong[] { 1, 2, 3 })
            {
                await cluster.RestartAsync(id);
            }

            var next = cluster.Elect((ulong)random.Next(1, 4));
            cluster.Tick(3);
            foreach (var id in new ulong[] { 1, 2, 3 })
            {
                Assert.Equal(0, Missing(cluster.Engine(id), acknowledged));
                Assert.Equal(next.AppliedIndex, cluster.Replica(id).AppliedIndex);
                Assert.Equal(Stored(next.Engine, "unacknowledged"), Stored(cluster.Engine(id), "unacknowledged"));
            }
        }
    }

    [Fact]
    public async Task A_restarted_group_keeps_its_log_and_hard_state()
    {
        using var cluster = await TestCluster.StartAsync(3);
        var leader = cluster.Elect(1);
        await WriteAllAsync(cluster, leader, 3);
        var term = leader.Term;
        var last = leader.CommitIndex;

        cluster.Crash(3, Survival.All);
        await cluster.RestartAsync(3);
        var restarted = cluster.Replica(3);
        Assert.Equal(term, restarted.Term);
        Assert.Equal(Membership.OfVoters(1, 2, 3), restarted.Membership);
        Assert.True(restarted.CommitIndex <= last);
        Assert.Equal(restarted.CommitIndex, restarted.AppliedIndex);
    }

    [Fact]
    public async Task A_follower_losing_power_between_applying_and_logging_new_entries_does_not_take_its_stale_entries_as_committed()
    {
        using var cluster = await TestCluster.StartAsync(3);

        // Node 2 leads, is cut off, and logs an entry nobody else gets.
        var deposed = cluster.Elect(2);
        cluster.Transport.Isolate(2);
        var lost = await StartAsync(deposed, "k", "stale");
        cluster.Pump();
        var staleIndex = deposed.CommitIndex + 1;

        // The others move on: a new leader commits other entries at the same indexes.
        var others = new[] { cluster.Replica(1), cluster.Replica(3) };
        cluster.TickUntil(() => others.Any(r => r.IsServing) && deposed.Role != RaftRole.Leader);
        var leader = others.Single(r => r.IsServing);
        var won = await StartAsync(leader, "k", "won");
        cluster.Pump();
        Assert.Equal(ProposalOutcome.Applied, await won);

        // Node 2 hears of them — entries replacing its stale one, and that they are committed, in
        // one round — and loses power at that round's second write.
        cluster.CrashAtWrite(2, 2);
        cluster.Transport.HealAll();
        cluster.TickUntil(() => cluster.Crashed.Contains(2));
        Assert.NotEqual(ProposalOutcome.Applied, await lost);

        await cluster.RestartAsync(2);
        var restarted = cluster.Replica(2);

        // Whatever the restarted replica counts as committed is what the group committed.
        var mine = ReplicaStorage.Load(cluster.Engine(2), 1, cluster.Membership).State.Entries.ToDictionary(e => e.Index, e => e.Term);
        var theirs = ReplicaStorage.Load(cluster.Engine(leader.NodeId), 1, cluster.Membership).State.Entries.ToDictionary(e => e.Index, e => e.Term);
        for (var index = 1UL; index <= restarted.CommitIndex; index++)
        {
            Assert.True(mine[index] == theirs[index], $"index {index} counts as committed with term {mine[index]}, but term {theirs[index]} was committed");
        }

        cluster.TickUntil(() => restarted.AppliedIndex == leader.AppliedIndex && Stored(restarted.Engine, "k") == "won");
        var log = ReplicaStorage.Load(cluster.Engine(2), 1, cluster.Membership).State.Entries;
        Assert.Equal(theirs[staleIndex], log.Single(e => e.Index == staleIndex).Term);
    }
}
