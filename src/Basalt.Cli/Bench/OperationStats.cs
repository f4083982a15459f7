using HdrHistogram;

namespace Basalt.Cli.Bench;

/// <summary>Latency (microseconds) of the successful requests of one operation, shared by all workers.</summary>
internal sealed class OperationStats(OperationKind operation)
{
    /// <summary>Longest latency tracked exactly: 60 s; longer ones are clamped to it.</summary>
    public const long MaxMicros = 60_000_000;

    public OperationKind Operation { get; } = operation;

    public LongConcurrentHistogram Latency { get; } = new(1, MaxMicros, 3);

    public void Record(long micros) => Latency.RecordValue(Math.Clamp(micros, 1, MaxMicros));
}
