using Basalt.Control.Client;
using Basalt.Protocol.Meta.V1;
using Google.Protobuf;

namespace Basalt.Control.Tests.Members;

public sealed class MetaGroupOverGrpcTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ElectsCreatesFollowsSurvivesTheLeaderAndRestartsFromDisk()
    {
        await using var cluster = await MetaCluster.StartAsync();
        using var client = cluster.Client();
        await cluster.LeaderAsync();

        for (ulong node = 1; node <= 3; node++)
        {
            var registered = await client.RegisterNodeAsync(new RegisterNodeRequest { NodeId = node, Zone = $"z{node}", Address = $"http://127.0.0.1:{9000 + node}" }, Cancel);
            Assert.Equal(MetaStatus.Ok, registered.Status);
        }

        var again = await client.RegisterNodeAsync(new RegisterNodeRequest { NodeId = 1, Zone = "z1", Address = "http://127.0.0.1:9001" }, Cancel);
        Assert.Equal((MetaStatus.Ok, 3UL), (again.Status, again.Version));

        var created = await client.CreateTableAsync(Create("t1"), Cancel);
        Assert.Equal((MetaStatus.Ok, 1UL, 4UL), (created.Status, created.TableId, created.Version));
        var exists = await client.CreateTableAsync(Create("t1"), Cancel);
        Assert.Equal(MetaStatus.Rejected, exists.Status);
        Assert.EndsWith(" exists", exists.Message, StringComparison.Ordinal);

        await using var follower = new MapFollower(client);
        follower.Start();
        await follower.WaitForVersionAsync(created.Version, Cancel).WaitAsync(MetaCluster.Deadline, Cancel);
        var table = follower.Store.FindTable("r", "t1");
        Assert.NotNull(table);
        Assert.Equal(2, follower.Store.PartitionsOf(table.Id).Count);
        Assert.All(follower.Store.PartitionsOf(table.Id), p => Assert.Equal(3, p.Replicas.Length));

        // The leader stops: the other two carry on, and the follower reconnects.
        var leader = await cluster.LeaderAsync();
        var stopped = leader.Member.Id;
        await cluster.StopAsync(stopped);
        var second = await client.CreateTableAsync(Create("t2"), Cancel);
        Assert.Equal((MetaStatus.Ok, 2UL), (second.Status, second.TableId));
        await follower.WaitForVersionAsync(second.Version, Cancel).WaitAsync(MetaCluster.Deadline, Cancel);
        Assert.NotNull(follower.Store.FindTable("r", "t2"));

        // The stopped member comes back from its disk and catches up.
        await cluster.StartAsync(stopped);
        await MetaCluster.WaitAppliedAsync(cluster[stopped], second.Version);

        // Everyone restarts from disk: the map is what it was.
        foreach (var id in cluster.Peers.Keys)
        {
            await cluster.StopAsync(id);
        }

        foreach (var id in cluster.Peers.Keys)
        {
            await cluster.StartAsync(id);
        }

        await cluster.LeaderAsync();
        var map = await client.GetMapAsync(Cancel);
        Assert.True(map.Version >= second.Version, $"map version {map.Version}");
        var third = await client.CreateTableAsync(Create("t3"), Cancel);
        Assert.Equal((MetaStatus.Ok, 3UL), (third.Status, third.TableId));
        await follower.WaitForVersionAsync(third.Version, Cancel).WaitAsync(MetaCluster.Deadline, Cancel);
        Assert.NotNull(follower.Store.FindTable("r", "t1"));
    }

    [Fact]
    public async Task CompactedMembersRestartFromTheirSnapshotAndANewFollowerStartsFromOne()
    {
        await using var cluster = await MetaCluster.StartAsync(o => o with { CompactionThreshold = 4 });
        using var client = cluster.Client();
        for (ulong node = 1; node <= 3; node++)
        {
            await client.RegisterNodeAsync(new RegisterNodeRequest { NodeId = node, Zone = $"z{node}", Address = $"http://127.0.0.1:{9000 + node}" }, Cancel);
        }

        MetaReply last = new();
        for (var i = 0; i < 12; i++)
        {
            last = await client.CreateTableAsync(Create("t" + i), Cancel);
            Assert.Equal(MetaStatus.Ok, last.Status);
        }

        foreach (var id in cluster.Peers.Keys)
        {
            await cluster.StopAsync(id);
        }

        foreach (var id in cluster.Peers.Keys)
        {
            await cluster.StartAsync(id);
        }

        // Every member restarted from a compacted log: its change feed begins at its snapshot, so a
        // follower starting from nothing is sent the snapshot first, then the changes after it.
        await cluster.LeaderAsync();
        foreach (var server in cluster.Running)
        {
            Assert.True(server.Member.Group.ReadChanges(0, 1).Truncated, $"member {server.Member.Id} kept its whole feed");
        }

        await using var follower = new MapFollower(client);
        follower.Start();
        await follower.WaitForVersionAsync(last.Version, Cancel).WaitAsync(MetaCluster.Deadline, Cancel);
        Assert.True(follower.Resyncs >= 1);
        Assert.Equal(12, Enumerable.Range(0, 12).Count(i => follower.Store.FindTable("r", "t" + i) is not null));
        var more = await client.CreateTableAsync(Create("after"), Cancel);
        Assert.Equal(13UL, more.TableId);
        await follower.WaitForVersionAsync(more.Version, Cancel).WaitAsync(MetaCluster.Deadline, Cancel);
    }

    internal static CreateTableRequest Create(string name) =>
        new() { Region = "r", Name = name, Definition = ByteString.CopyFromUtf8("def-" + name), Partitions = 2, Replicas = 3 };
}
