using Basalt.Api.Replicas;
using Basalt.Metadata.Model;
using Basalt.Model;
using Basalt.Storage;

namespace Basalt.Api.Tests.Cluster;

/// <summary>
/// Healing end to end in one process: four storage nodes (two in zone z1) under the real metadata
/// service with autoadmin; the z1 node of a partition's group stops, the group keeps taking writes,
/// autoadmin places a log replica on the other z1 node, then makes it a full replica, which the
/// group's leader builds from a data snapshot: it ends with the leader's items, byte for byte.
/// </summary>
public sealed class ClusterHealingTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_stopped_node_s_replica_is_replaced_by_a_log_replica_then_a_full_one()
    {
        await using var meta = await MetaMembers.StartAsync();
        await using var nodes = await ClusterNodes.StartAsync(meta.Urls, count: 4, zones: ["z1", "z2", "z3", "z1"]);
        await nodes.RunAsync(2, "CreateTable", """{"TableName":"Healed","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"BillingMode":"PAY_PER_REQUEST"}""");
        var table = nodes[2].Database.Catalog.Get(ClusterNodes.Region, "Healed");
        var group = PartitionRouting.GroupId(table.Id, 0);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(200, (await nodes.RouteAsync("PutItem", Put(i))).Reply.Status);
        }

        var replicas = nodes[2].Map.Store.PartitionsOf(table.Id)[0].Replicas;
        var lost = replicas.Single(r => r.Zone == "z1").NodeId;
        var replacement = lost == 1 ? 4UL : 1UL;
        await nodes.StopAsync(lost);

        // Writes go on with two of three replicas.
        for (var i = 20; i < 40; i++)
        {
            Assert.Equal(200, (await nodes.RouteAsync("PutItem", Put(i))).Reply.Status);
        }

        // Autoadmin: a log replica on the other z1 node, then a full one, built by the leader (process-level wait).
        var observer = nodes.Nodes[0];
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var changed = observer.Map.Changed;
            var partition = observer.Map.Store.PartitionsOf(table.Id)[0];
            if (partition.ReplicaOn(replacement) is { Kind: ReplicaKind.Full } && partition.ReplicaOn(lost) is null
                && nodes[replacement].Host.Node.Replica(group) is { HoldsData: true })
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"not healed: replicas {string.Join(", ", partition.Replicas)}");
            await changed.WaitAsync(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        // The new full replica catches up with the leader and holds the same items.
        var (leaderId, read) = await nodes.RouteAsync("GetItem", """{"TableName":"Healed","Key":{"pk":{"S":"k39"}},"ConsistentRead":true}""");
        Assert.Equal(200, read.Status);
        var leader = nodes[leaderId].Host.Node.Replica(group)!;
        var rebuilt = nodes[replacement].Host.Node.Replica(group)!;
        while (rebuilt.AppliedIndex < leader.CommitIndex)
        {
            Assert.True(DateTime.UtcNow < deadline, "the rebuilt replica does not catch up");
            await rebuilt.WaitAppliedAsync(leader.CommitIndex).WaitAsync(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        Assert.Equal(Items(leader.Engine, table.Id), Items(rebuilt.Engine, table.Id));
        Assert.Equal(40, Items(rebuilt.Engine, table.Id).Count);
    }

    private static string Put(int i) => "{\"TableName\":\"Healed\",\"Item\":{\"pk\":{\"S\":\"k" + i + "\"},\"n\":{\"N\":\"" + i + "\"}}}";

    private static List<(string Key, string Value)> Items(IStorageEngine engine, ulong tableId)
    {
        var prefix = KeyCodec.EncodeTablePrefix(tableId);
        using var cursor = engine.OpenCursor(ColumnFamily.Data, prefix, KeyCodec.EncodeTablePrefix(tableId + 1), reverse: false);
        var items = new List<(string, string)>();
        while (cursor.MoveNext())
        {
            items.Add((Convert.ToHexString(cursor.Key), Convert.ToHexString(cursor.Value)));
        }

        return items;
    }
}
