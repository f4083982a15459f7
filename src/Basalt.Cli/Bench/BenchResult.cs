using HdrHistogram;

namespace Basalt.Cli.Bench;

/// <summary>Latency percentiles in milliseconds.</summary>
internal sealed record LatencySummary(double P50, double P90, double P99, double P999, double Max, double Mean)
{
    public static LatencySummary From(HistogramBase histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (histogram.TotalCount == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0, 0);
        }

        static double Ms(long micros) => micros / 1000.0;
        return new LatencySummary(
            Ms(histogram.GetValueAtPercentile(50)),
            Ms(histogram.GetValueAtPercentile(90)),
            Ms(histogram.GetValueAtPercentile(99)),
            Ms(histogram.GetValueAtPercentile(99.9)),
            Ms(histogram.GetMaxValue()),
            histogram.GetMean() / 1000.0);
    }
}

/// <summary>One operation's share of a run.</summary>
internal sealed record OperationResult(string Operation, long Requests, double Throughput, LatencySummary Latency);

/// <summary>Everything a run measured.</summary>
internal sealed record BenchResult
{
    public required BenchOptions Options { get; init; }

    public required TimeSpan Measured { get; init; }

    public required long Requests { get; init; }

    public required long Succeeded { get; init; }

    public required LatencySummary Latency { get; init; }

    public required IReadOnlyList<OperationResult> Operations { get; init; }

    public required IReadOnlyDictionary<string, long> Errors { get; init; }

    public required TimeSpan ClientCpu { get; init; }

    public TimeSpan? ServerCpu { get; init; }

    public int Connects { get; init; }

    /// <summary>Bytes the load generator allocated during the measured window (all threads).</summary>
    public long ClientAllocatedBytes { get; init; }

    /// <summary>Load-generator allocation per completed request: 0 when the hot path allocates nothing.</summary>
    public double ClientBytesPerRequest => Requests == 0 ? 0 : (double)ClientAllocatedBytes / Requests;

    public double Throughput => Succeeded / Measured.TotalSeconds;

    public long Throttles => Errors.Where(e => ErrorTally.ThrottleCodes.Contains(e.Key)).Sum(e => e.Value);

    public long FailedRequests => Requests - Succeeded;

    /// <summary>CPU cores the load generator kept busy on average during the measured window.</summary>
    public double ClientCores => ClientCpu.TotalSeconds / Measured.TotalSeconds;

    public double? ServerCores => ServerCpu?.TotalSeconds / Measured.TotalSeconds;

    /// <summary>Load-generator CPU per completed request, in microseconds.</summary>
    public double ClientMicrosPerRequest => Requests == 0 ? 0 : ClientCpu.TotalMilliseconds * 1000 / Requests;
}
