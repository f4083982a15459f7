namespace Basalt.Cli.Tests.Bench;

/// <summary>Tests that call BenchRunner run one at a time: its preload shows a console progress display, of which there can be only one.</summary>
internal static class BenchRuns
{
    public const string Collection = "bench runs";
}
