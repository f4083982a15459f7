using Basalt.Replication;
using static Basalt.Partition.Tests.Writes;

namespace Basalt.Partition.Tests;

public class StopTests
{
    [Fact]
    public async Task A_stopped_replica_fails_every_waiter_and_takes_no_more_work()
    {
        using var cluster = await TestCluster.StartAsync(3);
        var leader = cluster.Elect(1);
        cluster.Transport.Isolate(1);
        var put = await StartAsync(leader, "k", "v");
        cluster.Tick(8);
        Assert.True(leader.IsServing);
        var read = leader.ReadIndexAsync();
        var applied = leader.WaitAppliedAsync(leader.AppliedIndex + 5);
        var changed = leader.Changed;
        Assert.False(put.IsCompleted || read.IsCompleted || applied.IsCompleted || changed.IsCompleted);

        cluster.Nodes[1].Stop();
        Assert.True(leader.IsStopped);
        Assert.False(leader.IsServing);
        Assert.Equal(ProposalOutcome.Unknown, await put);
        await Assert.ThrowsAsync<ReplicaUnavailableException>(() => read);
        await Assert.ThrowsAsync<ReplicaUnavailableException>(() => applied);
        await changed;
        Assert.Throws<ReplicaUnavailableException>(() => leader.BeginWrite());
        await Assert.ThrowsAsync<ReplicaUnavailableException>(() => leader.WaitAppliedAsync(leader.AppliedIndex + 1));
        Assert.True(leader.WaitAppliedAsync(leader.AppliedIndex).IsCompletedSuccessfully);

        var sent = cluster.Transport.Sent.Count;
        cluster.Nodes[1].Tick();
        Assert.False(TestCluster.Process(cluster.Nodes[1]));
        Assert.Equal(sent, cluster.Transport.Sent.Count);
        Assert.Equal(RaftRole.Leader, leader.Role);
    }
}
