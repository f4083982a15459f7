using System.Diagnostics;
using System.Globalization;
using Basalt.Simulation.Linearizability;

namespace Basalt.Simulation;

/// <summary>What a batch of seeds came to.</summary>
public sealed record RunSummary(int Seeds, int Failures, int Linearizable, IReadOnlyList<SeedResult> Results, TimeSpan Elapsed)
{
    public ulong? FirstFailingSeed => Results.FirstOrDefault(r => r.Failure is not null)?.Seed;
}

/// <summary>Runs seeds one after another and reports as the command line promises.</summary>
public static class SimulationRunner
{
    public static RunSummary Run(SimulationOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var results = new List<SeedResult>();
        var failures = 0;
        var linearizable = 0;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < options.Seeds; i++)
        {
            var seed = options.StartSeed + (ulong)i;
            Action<string>? log = options.Verbose ? output.WriteLine : null;
            var result = options.Mode is SimulationMode.Partition or SimulationMode.Cluster
                ? new Partitions.PartitionSimulation(options, seed, log).Run()
                : new Simulation(options, seed, log).Run();
            results.Add(result);
            if (result.Verdict == Verdict.Linearizable && result.Failure is null)
            {
                linearizable++;
            }

            if (options.TraceHash)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seed {seed}: trace {result.TraceHash:x16} ({result.Steps} steps, {result.Operations} ops, {result.VirtualMicros / 1000} ms virtual)"));
            }

            if (result.Failure is not null)
            {
                failures++;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seed {seed} FAILED: {result.Failure}"));
                output.WriteLine($"  replay: {options.ReplayCommand(seed)}");
                if (options.MaxFailures > 0 && failures >= options.MaxFailures)
                {
                    break;
                }
            }
        }

        watch.Stop();
        var summary = new RunSummary(results.Count, failures, linearizable, results, watch.Elapsed);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"({results.Count / Math.Max(watch.Elapsed.TotalSeconds, 1e-9):0.0} seeds/s)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"simulation: {summary.Seeds} seeds, {summary.Failures} failures, {summary.Linearizable} histories linearizable"));
        return summary;
    }
}
