using Basalt.Partition;
using Basalt.Replication;
using Basalt.Storage;
using Basalt.Storage.InMemory;

namespace Basalt.Node.Tests;

/// <summary>
/// Four storage nodes in one process on <see cref="InProcessTransport"/>, driven round by round by the
/// test (no timers): a group of three loses a member for good, the leader's <see cref="PartitionReplica.ReconcileAsync"/>
/// replaces it with a log replica and then builds that into a full replica while writes keep coming;
/// the new replica's items equal the leader's and it leads once the old leader stops.
/// </summary>
public sealed class HealingInProcessTests : IDisposable
{
    private const ulong Group = 7;
    private readonly InProcessTransport _transport = new();
    private readonly Dictionary<ulong, StorageNode> _nodes = [];
    private readonly Dictionary<ulong, InMemoryStorageEngine> _engines = [];

    private sealed class WholeData : IPartitionSnapshotScope
    {
        public IReadOnlyList<SnapshotRange> Ranges(ulong group) => [new SnapshotRange([], [])];
    }

    private async Task<StorageNode> StartAsync(ulong id, Membership membership, bool join)
    {
        _engines[id] = new InMemoryStorageEngine();
        var node = new StorageNode(id, _engines[id], _transport, new NodeOptions { LogCompactionThreshold = 8, SnapshotChunkBytes = 64 })
        {
            SnapshotScope = new WholeData(),
        };
        _nodes[id] = node;
        _transport.Register(node);
        await node.HostAsync(Group, membership, join);
        return node;
    }

    /// <summary>Runs processing rounds on every live node until none has work.</summary>
    private async Task PumpAsync()
    {
        for (var moved = true; moved;)
        {
            moved = false;
            foreach (var node in _nodes.Values.Where(n => !n.IsStopped).ToList())
            {
                while (await node.ProcessAsync())
                {
                    moved = true;
                }
            }
        }
    }

    /// <summary>Ticks and pumps until <paramref name="condition"/> holds (bounded by ticks, not by time).</summary>
    private async Task TickUntilAsync(Func<bool> condition, int maxTicks = 2_000)
    {
        for (var i = 0; i < maxTicks && !condition(); i++)
        {
            foreach (var node in _nodes.Values)
            {
                node.Tick();
            }

            await PumpAsync();

            // Lets continuations (the reconciler's next step) run before the next tick.
            await Task.Yield();
        }

        Assert.True(condition(), "condition not reached");
    }

    private PartitionReplica Replica(ulong node) => _nodes[node].Replica(Group)!;

    private static byte[] Command(string key, string value)
    {
        var batch = new WriteBatch();
        batch.Put(ColumnFamily.Data, System.Text.Encoding.UTF8.GetBytes(key), System.Text.Encoding.UTF8.GetBytes(value));
        return PartitionCommand.Encode(batch);
    }

    private static Task<ProposalOutcome> Propose(PartitionReplica leader, string key, string value) =>
        leader.ProposeAsync(leader.BeginWrite(), Command(key, value));

    private static List<string> Items(IStorageEngine engine)
    {
        var items = new List<string>();
        using var cursor = engine.OpenCursor(ColumnFamily.Data, [], [], reverse: false);
        while (cursor.MoveNext())
        {
            items.Add(Convert.ToHexString(cursor.Key) + "=" + Convert.ToHexString(cursor.Value));
        }

        return items;
    }

    [Fact]
    public async Task A_lost_member_is_replaced_by_a_log_replica_then_a_full_replica_under_writes()
    {
        var founders = Membership.OfVoters(1, 2, 3);
        foreach (var id in founders.Voters)
        {
            await StartAsync(id, founders, join: false);
        }

        _nodes[1].Campaign(Group);
        await TickUntilAsync(() => Replica(1).IsServing);
        var leader = Replica(1);
        var writes = new List<Task<ProposalOutcome>>();
        for (var i = 0; i < 40; i++)
        {
            writes.Add(Propose(leader, $"k{i:D3}", $"v{i}"));
            await PumpAsync();
        }

        // Node 3 is lost; node 4 joins as a log replica.
        _nodes[3].Stop();
        _transport.Unregister(3);
        _nodes.Remove(3);
        var withLog = new Membership([1, 2], [4], []);
        await StartAsync(4, withLog, join: true);
        var healing = leader.ReconcileAsync(withLog, TestContext.Current.CancellationToken);
        await TickUntilAsync(() => healing.IsCompleted);
        Assert.True(await healing);
        Assert.Equal(withLog, leader.Membership);
        Assert.False(Replica(4).HoldsData);
        Assert.Empty(Items(_engines[4]));

        // Then a full replica, with writes going on.
        var full = Membership.OfVoters(1, 2, 4);
        healing = leader.ReconcileAsync(full, TestContext.Current.CancellationToken);
        var n = 0;
        await TickUntilAsync(() =>
        {
            if (!healing.IsCompleted)
            {
                writes.Add(Propose(leader, $"c{n:D3}", $"u{n++}"));
            }

            return healing.IsCompleted;
        });
        Assert.True(await healing);
        Assert.True(n > 0);
        Assert.Equal(full, leader.Membership);
        await TickUntilAsync(() => writes.All(w => w.IsCompleted) && Replica(4).AppliedIndex == leader.AppliedIndex);
        Assert.All(writes, w => Assert.Equal(ProposalOutcome.Applied, w.Result));
        Assert.True(Replica(4).HoldsData);
        Assert.Equal(Items(_engines[1]), Items(_engines[4]));
        Assert.Equal(40 + n, Items(_engines[4]).Count);

        // The old leader stops: the rebuilt replica can lead.
        _nodes[1].Stop();
        _transport.Unregister(1);
        _nodes.Remove(1);
        _nodes[4].Campaign(Group);
        await TickUntilAsync(() => Replica(4).IsServing || Replica(2).IsServing);
        if (!Replica(4).IsServing)
        {
            _nodes[2].TransferLeadership(Group, 4);
            await TickUntilAsync(() => Replica(4).IsServing);
        }

        var last = Propose(Replica(4), "after", "x");
        await TickUntilAsync(() => last.IsCompleted);
        Assert.Equal(ProposalOutcome.Applied, await last);
        await TickUntilAsync(() => Replica(2).AppliedIndex == Replica(4).AppliedIndex);
        Assert.Equal(Items(_engines[4]), Items(_engines[2]));
    }

    public void Dispose()
    {
        foreach (var node in _nodes.Values)
        {
            node.Stop();
        }

        foreach (var engine in _engines.Values)
        {
            engine.Dispose();
        }
    }
}
