using Basalt.Simulation;
using Basalt.Simulation.Partitions;

namespace Basalt.Replication.Tests.Simulation;

/// <summary>
/// Cluster mode: the meta group, a lagging MemDS and routers (the real RouteCache and Forwarder) in
/// front of partition mode's storage nodes — clean without bugs, reproducible, and its checks fire.
/// </summary>
public class ClusterSimulationTests
{
    private static RunSummary Run(params string[] args) => SimulationRunner.Run(SimulationOptions.Parse(["--mode", "cluster", .. args]), TextWriter.Null);

    [Fact]
    public void Cluster_mode_seeds_without_injected_bugs_find_no_failure()
    {
        var summary = Run("--seeds", "12", "--steps", "10000");
        Assert.True(summary.Failures == 0, $"first failing seed: {summary.FirstFailingSeed}: {summary.Results.FirstOrDefault(r => r.Failure is not null)?.Failure}");
        Assert.Equal(summary.Seeds, summary.Linearizable);
        Assert.All(summary.Results, r => Assert.True(r.Operations > 50, $"seed {r.Seed} did too little"));
    }

    [Fact]
    public void Cluster_mode_same_seed_gives_the_same_trace()
    {
        var options = SimulationOptions.Parse(["--mode", "cluster", "--steps", "10000"]);
        var first = new PartitionSimulation(options, 41).Run();
        var second = new PartitionSimulation(options, 41).Run();
        var other = new PartitionSimulation(options, 42).Run();
        Assert.Null(first.Failure);
        Assert.Equal(first.TraceHash, second.TraceHash);
        Assert.Equal(first.Operations, second.Operations);
        Assert.NotEqual(first.TraceHash, other.TraceHash);
    }

    [Theory]
    [InlineData("read-without-leading")] // the stale-owner check (and linearizability)
    [InlineData("ambiguous-retry")] // linearizability: a retried write that had happened
    [InlineData("no-lookup-on-hit")] // the MemDS load check
    [InlineData("unconfirmed-condition")] // a partition-level bug, through the routers
    public void Cluster_mode_catches_injected_bugs(string bug)
    {
        var summary = Run("--seeds", "40", "--steps", "10000", "--inject", bug, "--max-failures", "1");
        Assert.Equal(1, summary.Failures);
    }

    [Fact]
    public void Cluster_mode_prints_a_replay_command_that_names_the_mode()
    {
        var output = new StringWriter();
        SimulationRunner.Run(SimulationOptions.Parse(["--mode", "cluster", "--seeds", "2", "--steps", "10000", "--inject", "no-lookup-on-hit", "--max-failures", "1"]), output);
        Assert.Contains(" --steps 10000 --nodes 3 --mode cluster --inject no-lookup-on-hit", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Cluster_bugs_need_cluster_mode_and_three_nodes()
    {
        var e = Assert.Throws<ArgumentException>(() => SimulationOptions.Parse(["--mode", "partition", "--inject", "read-without-leading"]));
        Assert.Contains("--mode cluster", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => SimulationOptions.Parse(["--mode", "cluster", "--nodes", "5"]));
    }
}
