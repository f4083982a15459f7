namespace Basalt.Node.Tests;

/// <summary>
/// Three storage nodes linked only by gRPC on loopback ports, hosting a few groups: they elect,
/// commit writes and converge; a stopped node's groups keep committing, and once restarted it
/// catches up and counts in the quorum again. Real time: every wait is on an event with a deadline.
/// </summary>
public sealed class ThreeNodesOverGrpcTests(ITestOutputHelper output)
{
    private static readonly ulong[] Groups = [1, 2, 3, 4, 5, 6];

    [Fact]
    public async Task Groups_commit_through_a_node_restart_and_the_restarted_node_catches_up()
    {
        await using var cluster = await GrpcCluster.StartAsync(Groups);

        await WriteRoundAsync(cluster, "a", 10);
        await cluster.ConvergeAsync();
        AssertAllHold(cluster, [1, 2, 3], "a", 10);

        // Node 3 goes away (it led groups 3 and 6): the others elect and keep committing.
        await cluster.StopAsync(3);
        await WriteRoundAsync(cluster, "b", 10);

        // Back on its old port: peers reconnect, it catches up from the leaders.
        await cluster.RestartAsync(3);
        await WriteRoundAsync(cluster, "c", 5);
        await cluster.ConvergeAsync();
        AssertAllHold(cluster, [1, 2, 3], "a", 10);
        AssertAllHold(cluster, [1, 2, 3], "b", 10);
        AssertAllHold(cluster, [1, 2, 3], "c", 5);

        // Node 3 counts in the quorum again: without node 1, nodes 2 and 3 commit.
        await cluster.StopAsync(1);
        await WriteRoundAsync(cluster, "d", 5);
        await cluster.ConvergeAsync();
        AssertAllHold(cluster, [2, 3], "d", 5);

        long messages = 0;
        long batches = 0;
        foreach (var node in cluster.Nodes)
        {
            foreach (var peer in cluster.Transport(node.Id).Stats)
            {
                output.WriteLine($"node {node.Id} → {peer}");
                messages += peer.MessagesSent;
                batches += peer.BatchesSent;
            }
        }

        output.WriteLine($"{messages} messages in {batches} batches: {(double)messages / batches:F2} per batch");
        Assert.True(messages > batches, "messages of several groups share batches");
    }

    private static async Task WriteRoundAsync(GrpcCluster cluster, string prefix, int count)
    {
        // Every group at once, each group's writes in sequence.
        await Task.WhenAll(cluster.Groups.Select(async group =>
        {
            for (var i = 0; i < count; i++)
            {
                await cluster.WriteAsync(group, Key(prefix, group, i), $"{prefix}{i}");
            }
        }));
    }

    private static void AssertAllHold(GrpcCluster cluster, ulong[] nodes, string prefix, int count)
    {
        foreach (var node in nodes)
        {
            foreach (var group in cluster.Groups)
            {
                for (var i = 0; i < count; i++)
                {
                    Assert.Equal($"{prefix}{i}", GrpcCluster.Stored(cluster.Engine(node), Key(prefix, group, i)));
                }
            }
        }
    }

    private static string Key(string prefix, ulong group, int i) => $"g{group}/{prefix}/{i}";
}
