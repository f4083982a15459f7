using Basalt.Control.Client;
using Basalt.Control.Tests.Members;
using Basalt.Metadata.Model;
using Basalt.Protocol.Meta.V1;

namespace Basalt.Control.Tests.Autoadmin;

public sealed class AutoadminOverMetaTests
{
    /// <summary>How often the simulated storage nodes heartbeat (as real ones do every 500 ms).</summary>
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromMilliseconds(200);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheMetaLeaderReplacesASilentNodesReplicasWithLogReplicasThenPromotesThem()
    {
        await using var cluster = await MetaCluster.StartAsync(o => o with { Service = o.Service with { FailureDetection = TimeSpan.FromSeconds(1) } });
        using var client = cluster.Client();
        // Nodes 1 and 4 share zone a; node 1 never heartbeats.
        var zones = new Dictionary<ulong, string> { [1] = "a", [2] = "b", [3] = "c" };
        foreach (var (node, zone) in zones)
        {
            await client.RegisterNodeAsync(new RegisterNodeRequest { NodeId = node, Zone = zone, Address = $"http://127.0.0.1:{9000 + node}" }, Cancel);
        }

        var created = await client.CreateTableAsync(MetaGroupOverGrpcTests.Create("t"), Cancel);
        await client.RegisterNodeAsync(new RegisterNodeRequest { NodeId = 4, Zone = "a", Address = "http://127.0.0.1:9004" }, Cancel);
        await using var follower = new MapFollower(client);
        follower.Start();

        // Heartbeat from 2, 3, 4 (node 2 leads every group; node 4 reports the groups it was given, caught up)
        // until both partitions have a full replica on node 4 instead of node 1.
        var deadline = DateTime.UtcNow + MetaCluster.Deadline;
        while (true)
        {
            var partitions = follower.Store.PartitionsOf(created.TableId);
            if (partitions.Count == 2 && partitions.All(p => p.ReplicaOn(1) is null && p.ReplicaOn(4) is { Kind: ReplicaKind.Full }))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "not healed: " + string.Join("; ", partitions.Select(p => string.Join(",", p.Replicas))));
            foreach (var node in new ulong[] { 2, 3, 4 })
            {
                var beat = new HeartbeatRequest { NodeId = node };
                foreach (var p in partitions.Where(p => p.ReplicaOn(node) is not null))
                {
                    var state = new GroupState { Group = p.GroupId, Leader = node == 2, Term = 1, Commit = 10, Applied = 10 };
                    state.Voters.Add(p.Replicas.Where(r => r.Kind == ReplicaKind.Full).Select(r => r.NodeId));
                    state.LogReplicas.Add(p.Replicas.Where(r => r.Kind == ReplicaKind.Log).Select(r => r.NodeId));
                    beat.Groups.Add(state);
                }

                await client.HeartbeatAsync(beat, Cancel);
            }

            // Nodes heartbeat periodically: the next beat goes out on a map change or after one interval.
            await Task.WhenAny(follower.Changed, Task.Delay(HeartbeatInterval, Cancel));
        }

        var replaced = cluster.Running.Sum(s => s.Autoadmin!.Replaced);
        var promoted = cluster.Running.Sum(s => s.Autoadmin!.Promoted);
        Assert.True(replaced >= 2 && promoted >= 2, $"replaced {replaced}, promoted {promoted}");
    }
}
