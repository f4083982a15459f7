using Basalt.Node;
using Basalt.Replication;
using Basalt.Storage;
using static Basalt.Partition.Tests.Writes;

namespace Basalt.Partition.Tests;

/// <summary>
/// Healing a group whose member died: the leader reconciles its membership to a log replica on a new
/// node (write quorum restored at once), then builds that replica into a full one from a data
/// snapshot and the log, under concurrent writes; the rebuilt replica's items equal the leader's and
/// it can lead once the old leader is gone.
/// </summary>
public class HealingTests
{
    private static readonly NodeOptions Compacting = new() { LogCompactionThreshold = 8, SnapshotChunkBytes = 40 };

    /// <summary>Reconciles on the leader, pumping between steps, until done.</summary>
    private static void Reconcile(TestCluster cluster, PartitionReplica leader, Membership desired, Action? between = null)
    {
        for (var step = 0; step < 500; step++)
        {
            var status = leader.Reconcile(desired);
            Assert.NotEqual(ReconcileStatus.NotLeader, status);
            if (status == ReconcileStatus.Done)
            {
                return;
            }

            between?.Invoke();
            cluster.Pump();
            if (step % 3 == 2)
            {
                cluster.Tick();
            }
        }

        Assert.Fail($"reconciliation to {desired} did not finish; membership {leader.Membership}");
    }

    private static async Task<ProposalOutcome> WriteAsync(TestCluster cluster, PartitionReplica leader, string key, string value)
    {
        var put = await StartAsync(leader, key, value);
        cluster.Pump();
        return await put;
    }

    /// <summary>Every data key and value of an engine, in order.</summary>
    private static List<(string Key, string Value)> Items(IStorageEngine engine)
    {
        var items = new List<(string, string)>();
        using var cursor = engine.OpenCursor(ColumnFamily.Data, [], [], reverse: false);
        while (cursor.MoveNext())
        {
            items.Add((Convert.ToHexString(cursor.Key), Convert.ToHexString(cursor.Value)));
        }

        return items;
    }

    /// <summary>Whether a write batch installs items for group 1 (a data snapshot's batch).</summary>
    private static bool InstallsItems(WriteBatch batch)
    {
        var key = ReplicaStorage.HoldsDataKey(1);
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch.GetColumnFamily(i) == ColumnFamily.Meta && !batch.IsDelete(i) && batch.GetKey(i).SequenceEqual(key) && batch.GetValue(i)[0] == 1)
            {
                return true;
            }
        }

        return false;
    }

    [Fact]
    public async Task A_log_replica_that_loses_power_while_installing_items_installs_them_again_after_restarting()
    {
        using var cluster = await TestCluster.StartAsync(3, Compacting);
        var leader = cluster.Elect(1);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(ProposalOutcome.Applied, await WriteAsync(cluster, leader, $"k{i}", $"v{i}"));
        }

        cluster.Crash(3, Survival.All);
        var withLog = new Membership([1, 2], [4], []);
        await cluster.JoinAsync(4, withLog);
        Reconcile(cluster, leader, withLog);

        // The batch that would install the items never happens: the node is down, nothing of it on disk.
        cluster.CrashWhen(4, InstallsItems);
        var full = Membership.OfVoters(1, 2, 4);
        for (var step = 0; step < 100 && !cluster.Crashed.Contains(4); step++)
        {
            Assert.Equal(ReconcileStatus.InProgress, leader.Reconcile(full));
            cluster.Tick();
        }

        Assert.Contains(4UL, cluster.Crashed);
        Assert.False(ReplicaStorage.HoldsData(cluster.Engine(4), 1));
        Assert.Empty(Items(cluster.Engine(4)));
        Assert.Equal(withLog, leader.Membership);

        // Writes go on meanwhile (the leader and node 2), then node 4 restarts, as a log replica still.
        Assert.Equal(ProposalOutcome.Applied, await WriteAsync(cluster, leader, "meanwhile", "m"));
        await cluster.RestartAsync(4);
        Assert.False(cluster.Replica(4).HoldsData);
        Reconcile(cluster, leader, full);
        cluster.TickUntil(() => cluster.Replica(4).AppliedIndex == leader.AppliedIndex);
        Assert.True(cluster.Replica(4).HoldsData);
        Assert.Equal(Items(cluster.Engine(1)), Items(cluster.Engine(4)));
        Assert.Equal("m", Stored(cluster.Engine(4), "meanwhile"));
    }

    [Fact]
    public async Task A_dead_member_is_replaced_by_a_log_replica_then_by_a_full_replica_that_can_lead()
    {
        using var cluster = await TestCluster.StartAsync(3, Compacting);
        var leader = cluster.Elect(1);
        var acknowledged = new Dictionary<string, string>();
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(ProposalOutcome.Applied, await WriteAsync(cluster, leader, $"k{i}", $"v{i}"));
            acknowledged[$"k{i}"] = $"v{i}";
        }

        cluster.Tick(3);
        Assert.True(leader.CommitIndex > 8 && cluster.Replica(1).Membership.Equals(Membership.OfVoters(1, 2, 3)));

        // Node 3 dies; node 4 joins as a log replica.
        cluster.Crash(3, Survival.All);
        var withLog = new Membership([1, 2], [4], []);
        await cluster.JoinAsync(4, withLog);
        Reconcile(cluster, leader, withLog);
        Assert.Equal(withLog, leader.Membership);
        var y = cluster.Replica(4);
        Assert.False(y.HoldsData);

        // The leader had dropped its log (every member held it): the log replica got the compaction point, no items.
        var toY = cluster.Transport.Sent.Where(s => s.Message.To == 4 && s.Message.Type == MessageType.Snapshot).Select(s => s.Message).ToList();
        Assert.NotEmpty(toY);
        Assert.All(toY, m => Assert.True(m.Data.IsEmpty && !m.Force));

        // With node 2 cut off, writes commit only because the log replica acknowledges them.
        cluster.Transport.Isolate(2);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(ProposalOutcome.Applied, await WriteAsync(cluster, leader, $"y{i}", $"w{i}"));
            acknowledged[$"y{i}"] = $"w{i}";
        }

        Assert.Empty(Items(cluster.Engine(4)));
        Assert.NotNull(cluster.Engine(4).Get(ColumnFamily.Log, ReplicaStorage.EntryKey(1, leader.CommitIndex)));
        Assert.Equal(leader.CommitIndex, y.AppliedIndex);
        Assert.Equal(RaftRole.Follower, y.Role);
        cluster.Transport.HealAll();
        cluster.Tick(3);

        // Build node 4 into a full replica while writes keep coming.
        var full = Membership.OfVoters(1, 2, 4);
        var pending = new List<(string Key, string Value, Task<ProposalOutcome> Done)>();
        var n = 0;
        Reconcile(cluster, leader, full, () =>
        {
            var key = $"c{n}";
            var value = $"u{n++}";
            var start = StartAsync(leader, key, value);
            Assert.True(start.IsCompletedSuccessfully);
            pending.Add((key, value, start.Result));
        });
        Assert.Equal(full, leader.Membership);
        Assert.True(pending.Count > 0);
        cluster.Tick(3);
        foreach (var (key, value, done) in pending)
        {
            Assert.Equal(ProposalOutcome.Applied, await done);
            acknowledged[key] = value;
        }

        Assert.True(y.HoldsData);
        var installs = cluster.Transport.Sent.Where(s => s.Message.To == 4 && s.Message.Type == MessageType.Snapshot && s.Message.Force).Select(s => s.Message).ToList();
        Assert.NotEmpty(installs);
        Assert.All(installs, m => Assert.True(m.SnapshotSize > 0));
        Assert.True(installs.Select(m => m.SnapshotOffset).Distinct().Count() > 5, "the items went in many chunks");
        cluster.TickUntil(() => y.AppliedIndex == leader.AppliedIndex);
        Assert.Equal(Items(cluster.Engine(1)), Items(cluster.Engine(4)));
        Assert.All(acknowledged, kv => Assert.Equal(kv.Value, Stored(cluster.Engine(4), kv.Key)));

        // The old leader stops; the rebuilt replica can be elected and serves every acknowledged write.
        cluster.Crash(1, Survival.All);
        var newLeader = cluster.Elect(4);
        Assert.Equal(ProposalOutcome.Applied, await WriteAsync(cluster, newLeader, "after", "x"));
        acknowledged["after"] = "x";
        Assert.All(acknowledged, kv => Assert.Equal(kv.Value, Text(newLeader.ReadLatest(Key(kv.Key)))));
        cluster.TickUntil(() => cluster.Replica(2).AppliedIndex == newLeader.AppliedIndex);
        Assert.Equal(Items(cluster.Engine(4)), Items(cluster.Engine(2)));
    }
}
