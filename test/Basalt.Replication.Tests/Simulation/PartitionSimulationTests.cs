using Basalt.Simulation;

namespace Basalt.Replication.Tests.Simulation;

/// <summary>
/// Partition mode: the real storage nodes and partition replicas on power-loss engines, with item
/// clients — clean without bugs, reproducible, and catching bugs at both levels.
/// </summary>
public class PartitionSimulationTests
{
    private static RunSummary Run(SimulationOptions options) => SimulationRunner.Run(options, TextWriter.Null);

    [Fact]
    public void Partition_mode_seeds_without_injected_bugs_find_no_failure()
    {
        var summary = Run(new SimulationOptions { Mode = SimulationMode.Partition, Seeds = 40, StartSeed = 1, Steps = 10_000 });
        Assert.True(summary.Failures == 0, $"first failing seed: {summary.FirstFailingSeed}: {summary.Results.FirstOrDefault(r => r.Failure is not null)?.Failure}");
        Assert.Equal(summary.Seeds, summary.Linearizable);
        Assert.All(summary.Results, r => Assert.True(r.Operations > 50, $"seed {r.Seed} did too little"));
    }

    [Fact]
    public void Partition_mode_with_three_groups_finds_no_failure()
    {
        var summary = Run(SimulationOptions.Parse(["--mode", "partition", "--groups", "3", "--seeds", "10", "--start-seed", "1000", "--steps", "10000"]));
        Assert.True(summary.Failures == 0, $"first failing seed: {summary.FirstFailingSeed}");
    }

    [Fact]
    public void Partition_mode_same_seed_gives_the_same_trace()
    {
        var options = new SimulationOptions { Mode = SimulationMode.Partition, Steps = 10_000 };
        var first = new Basalt.Simulation.Partitions.PartitionSimulation(options, 77).Run();
        var second = new Basalt.Simulation.Partitions.PartitionSimulation(options, 77).Run();
        var other = new Basalt.Simulation.Partitions.PartitionSimulation(options, 78).Run();
        Assert.Equal(first.TraceHash, second.TraceHash);
        Assert.Equal(first.Operations, second.Operations);
        Assert.NotEqual(first.TraceHash, other.TraceHash);
    }

    [Theory]
    [InlineData("read-pending", 10_000)]
    [InlineData("unconfirmed-condition", 10_000)]
    [InlineData("no-latch", 10_000)]
    [InlineData("applied-index-synced", 10_000)]
    [InlineData("ack-before-fsync", 10_000)]
    [InlineData("lease-without-quorum", 40_000)] // needs a leader cut off for long enough: longer runs
    public void Partition_mode_catches_injected_bugs(string bug, int steps)
    {
        // Without replacements: the chaos these bugs need (a leader cut off, a crash at the wrong moment) is what they look for.
        var summary = Run(SimulationOptions.Parse(["--mode", "partition", "--seeds", "100", "--steps", steps.ToString(System.Globalization.CultureInfo.InvariantCulture), "--inject", bug, "--max-failures", "1", "--replacements", "0"]));
        Assert.Equal(1, summary.Failures);
    }

    [Fact]
    public void Partition_mode_prints_a_replay_command_that_names_the_mode()
    {
        var output = new StringWriter();
        SimulationRunner.Run(SimulationOptions.Parse(["--mode", "partition", "--seeds", "20", "--steps", "10000", "--inject", "no-latch", "--max-failures", "1"]), output);
        Assert.Contains("replay: dotnet run -c Release --project test/Basalt.Simulation -- --seeds 1 --start-seed ", output.ToString(), StringComparison.Ordinal);
        Assert.Contains(" --steps 10000 --nodes 3 --mode partition --inject no-latch", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Partition_bugs_need_partition_mode()
    {
        var e = Assert.Throws<ArgumentException>(() => SimulationOptions.Parse(["--inject", "read-pending"]));
        Assert.Contains("--mode partition", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => SimulationOptions.Parse(["--mode", "partition", "--inject", "log-replica-campaigns"]));
        Assert.Throws<ArgumentException>(() => SimulationOptions.Parse(["--mode", "sideways"]));
    }

    /// <summary>The long run is a command; this runs it from the test runner when BASALT_SIM_SEEDS is set.</summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void Partition_mode_long_run_from_the_environment_finds_no_failure()
    {
        var seeds = Environment.GetEnvironmentVariable("BASALT_SIM_SEEDS");
        Assert.SkipWhen(seeds is null, "set BASALT_SIM_SEEDS to run the long simulation");
        var summary = Run(new SimulationOptions { Mode = SimulationMode.Partition, Seeds = int.Parse(seeds!, System.Globalization.CultureInfo.InvariantCulture), StartSeed = 50_000 });
        Assert.True(summary.Failures == 0, $"first failing seed {summary.FirstFailingSeed}");
    }
}
