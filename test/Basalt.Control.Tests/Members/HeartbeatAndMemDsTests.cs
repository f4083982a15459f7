using System.Net;
using Basalt.Control.Client;
using Basalt.Control.MemDs;
using Basalt.Control.Members;
using Basalt.Metadata.Model;
using Basalt.Protocol.Meta.V1;
using Basalt.Router.Forwarding;

namespace Basalt.Control.Tests.Members;

public sealed class HeartbeatAndMemDsTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HeartbeatsRecordLeadersAndHealthAndMemDsServesLookups()
    {
        await using var cluster = await MetaCluster.StartAsync(o => o with
        {
            Autoadmin = false,
            Service = o.Service with { FailureDetection = TimeSpan.FromMinutes(5) },
        });
        using var client = cluster.Client();
        for (ulong node = 1; node <= 3; node++)
        {
            await client.RegisterNodeAsync(new RegisterNodeRequest { NodeId = node, Zone = $"z{node}", Address = $"http://127.0.0.1:{9000 + node}", HttpAddress = $"http://127.0.0.1:{9100 + node}" }, Cancel);
        }

        var created = await client.CreateTableAsync(MetaGroupOverGrpcTests.Create("t"), Cancel);
        var groups = new[] { PartitionInfo.GroupIdOf(created.TableId, 0), PartitionInfo.GroupIdOf(created.TableId, 1) };

        await using var memds = await MemDsServer.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), cluster.Urls, cancellationToken: Cancel);
        Assert.True(memds.Follower.Synced.IsCompletedSuccessfully, "MemDS served before it loaded the map");
        await memds.Follower.WaitForVersionAsync(created.Version, Cancel).WaitAsync(MetaCluster.Deadline, Cancel);

        // Node 2 reports leading both groups (term 1), node 3 then leads group 1 in term 2.
        var beat = new HeartbeatRequest { NodeId = 2, Pid = 222 };
        beat.Groups.Add(new GroupState { Group = groups[0], Leader = true, Term = 1 });
        beat.Groups.Add(new GroupState { Group = groups[1], Leader = true, Term = 1 });
        Assert.Equal(MetaStatus.Ok, (await client.HeartbeatAsync(beat, Cancel)).Status);
        var newer = new HeartbeatRequest { NodeId = 3, Pid = 333 };
        newer.Groups.Add(new GroupState { Group = groups[1], Leader = true, Term = 2 });
        await client.HeartbeatAsync(newer, Cancel);
        // A stale claim (older term) changes nothing.
        await client.HeartbeatAsync(beat, Cancel);

        using var lookups = new GrpcTableDirectory([new Uri("http://127.0.0.1:1"), memds.Url]);
        var deadline = DateTime.UtcNow + MetaCluster.Deadline;
        while (true)
        {
            var changed = memds.Follower.Changed;
            var p0 = memds.Follower.Store.PartitionsOf(created.TableId)[0];
            var p1 = memds.Follower.Store.PartitionsOf(created.TableId)[1];
            if (p0.LeaderHint == 2 && p1.LeaderHint == 3)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"leader hints {p0.LeaderHint}, {p1.LeaderHint}");
            await changed.WaitAsync(MetaCluster.Deadline, Cancel);
        }

        // Lookups through gRPC (the first MemDS address is dead: fail over), floor by key hash.
        var low = await lookups.LookupAsync(created.TableId, 5, Cancel);
        var high = await lookups.LookupAsync(created.TableId, ulong.MaxValue - 5, Cancel);
        var missing = await lookups.LookupAsync(999, 5, Cancel);
        Assert.Equal((groups[0], 2UL), (low!.GroupId, low.LeaderHint));
        Assert.Equal((groups[1], 3UL), (high!.GroupId, high.LeaderHint));
        Assert.Null(missing);
        Assert.True(memds.Metrics.Lookups.Value >= 2);

        // Status (from any member: followers forward to the leader) shows health, pids and leader counts.
        var status = await client.StatusAsync(Cancel);
        var nodes = status.Nodes.ToDictionary(n => n.Id);
        Assert.Equal((false, true, true), (nodes[1].Healthy, nodes[2].Healthy, nodes[3].Healthy));
        Assert.Equal((1, 1, 222), (nodes[2].Leaders, nodes[3].Leaders, nodes[2].Pid));
        Assert.Equal("http://127.0.0.1:9102", nodes[2].HttpAddress);
        Assert.Equal(2, status.Partitions.Count);
        foreach (var follower in cluster.Running.Where(s => !s.Member.IsLeader))
        {
            using var direct = new MetaClient([follower.Url]);
            var forwarded = await direct.StatusAsync(Cancel);
            Assert.True(forwarded.Nodes.Single(n => n.Id == 2).Healthy);
        }
    }
}
