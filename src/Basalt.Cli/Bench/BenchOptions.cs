using System.Globalization;

namespace Basalt.Cli.Bench;

/// <summary>Everything one <c>basalt bench</c> run is told on the command line.</summary>
internal sealed record BenchOptions
{
    public required Uri Endpoint { get; init; }

    public required Workload Workload { get; init; }

    public long Items { get; init; } = 100_000;

    public int ItemSize { get; init; } = 1000;

    public DistributionKind Distribution { get; init; } = DistributionKind.Uniform;

    public int Concurrency { get; init; } = 64;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// When set, each connection stops after this many requests and the run ends as soon as every
    /// connection has (or the window closes): a run whose outcome does not depend on how fast the
    /// machine is (tests). Rates are still per second of the whole window.
    /// </summary>
    public long? RequestsPerConnection { get; init; }

    public string Table { get; init; } = "basalt-bench";

    public int ItemsPerPartition { get; init; } = 10;

    public int ScanLimit { get; init; } = 20;

    public bool SkipPreload { get; init; }

    public string Region { get; init; } = "us-east-1";

    public string AccessKey { get; init; } = "bench";

    public string SecretKey { get; init; } = "bench";

    public ulong Seed { get; init; } = 42;

    public string? JsonPath { get; init; }

    public string? Label { get; init; }

    public int? ServerPid { get; init; }

    /// <summary>How the closed loop drives its connections (epoll event loops by default on Linux).</summary>
    public BenchTransport Transport { get; init; } = BenchTransportNames.Default;

    /// <summary>
    /// Event-loop threads of the epoll transport (connections are spread over them). One per core: with a
    /// single loop thread the generator got less CPU than the server's threads and sent fewer requests
    /// (GetItem 80k/s against 103k/s with two loops on two cores, same CPU per request).
    /// </summary>
    public int Loops { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Parses "10s", "500ms", "2m", "1h" or a plain number of seconds ("10", "0.5").
    /// </summary>
    public static TimeSpan ParseDuration(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var (number, unit) = trimmed switch
        {
            _ when trimmed.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (trimmed[..^2], 0.001),
            _ when trimmed.EndsWith('s') || trimmed.EndsWith('S') => (trimmed[..^1], 1.0),
            _ when trimmed.EndsWith('m') || trimmed.EndsWith('M') => (trimmed[..^1], 60.0),
            _ when trimmed.EndsWith('h') || trimmed.EndsWith('H') => (trimmed[..^1], 3600.0),
            _ => (trimmed, 1.0),
        };
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || double.IsInfinity(value))
        {
            throw new FormatException($"'{text}' is not a duration (examples: 10s, 500ms, 2m)");
        }

        return TimeSpan.FromSeconds(value * unit);
    }
}
