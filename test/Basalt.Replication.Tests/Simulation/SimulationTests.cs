using Basalt.Simulation;

namespace Basalt.Replication.Tests.Simulation;

/// <summary>The deterministic simulator: clean without bugs, reproducible, and able to catch real bugs.</summary>
public class SimulationTests
{
    private static RunSummary Run(SimulationOptions options) => SimulationRunner.Run(options, TextWriter.Null);

    [Theory]
    [InlineData(3, 0, 100)]
    [InlineData(3, 1, 50)]
    [InlineData(5, 2, 40)]
    public void Simulation_SeedsWithoutInjectedBugsFindNoSafetyOrLinearizabilityFailure(int nodes, int logReplicas, int seeds)
    {
        var summary = Run(new SimulationOptions { Seeds = seeds, StartSeed = 1, Steps = 10_000, Nodes = nodes, LogReplicas = logReplicas });
        Assert.True(summary.Failures == 0, $"first failing seed: {summary.FirstFailingSeed}");
        Assert.Equal(summary.Seeds, summary.Linearizable);
        Assert.All(summary.Results, r => Assert.True(r.Operations > 50, $"seed {r.Seed} did too little"));
    }

    /// <summary>The long run is a command; this runs it from the test runner when BASALT_SIM_SEEDS is set.</summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void Simulation_LongRunFromTheEnvironmentFindsNoFailure()
    {
        var seeds = Environment.GetEnvironmentVariable("BASALT_SIM_SEEDS");
        Assert.SkipWhen(seeds is null, "set BASALT_SIM_SEEDS to run the long simulation");
        foreach (var (nodes, logReplicas) in new[] { (3, 0), (3, 1), (5, 0), (5, 2) })
        {
            var summary = Run(new SimulationOptions { Seeds = int.Parse(seeds!, System.Globalization.CultureInfo.InvariantCulture), StartSeed = 50_000, Nodes = nodes, LogReplicas = logReplicas });
            Assert.True(summary.Failures == 0, $"{nodes} nodes, {logReplicas} log replicas: first failing seed {summary.FirstFailingSeed}");
        }
    }

    [Fact]
    public void Simulation_SameSeedGivesTheSameTraceByteForByte()
    {
        var options = new SimulationOptions { Steps = 10_000 };
        var first = new Basalt.Simulation.Simulation(options, 77).Run();
        var second = new Basalt.Simulation.Simulation(options, 77).Run();
        var other = new Basalt.Simulation.Simulation(options, 78).Run();
        Assert.Equal(first.TraceHash, second.TraceHash);
        Assert.Equal(first.Operations, second.Operations);
        Assert.NotEqual(first.TraceHash, other.TraceHash);
    }

    [Theory]
    [InlineData("ack-before-fsync")]
    [InlineData("vote-not-persisted")]
    [InlineData("lease-without-quorum")]
    [InlineData("commit-old-term")]
    [InlineData("log-replica-campaigns")]
    public void Simulation_CatchesEveryInjectedBug(string bug)
    {
        var summary = Run(SimulationOptions.Parse(["--seeds", "300", "--inject", bug, "--max-failures", "1"]));
        Assert.Equal(1, summary.Failures);
    }

    [Fact]
    public void Simulation_PrintsTheReplayCommandAndTheSummaryLine()
    {
        var output = new StringWriter();
        SimulationRunner.Run(SimulationOptions.Parse(["--seeds", "2", "--start-seed", "1", "--inject", "log-replica-campaigns", "--trace-hash"]), output);
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("seed 1: trace ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("replay: dotnet run -c Release --project test/Basalt.Simulation -- --seeds 1 --start-seed 1 --steps 40000 --nodes 3 --log-replicas 1 --inject log-replica-campaigns", StringComparison.Ordinal));
        Assert.Equal("simulation: 2 seeds, 2 failures, 0 histories linearizable", lines[^1]);
    }
}
