using Basalt.Storage;

namespace Basalt.Simulation.Partitions;

/// <summary>
/// A node's engine as the simulator hands it to the node: a <see cref="PowerLossStorageEngine"/> that
/// can lose power in the middle of a processing round — at the <see cref="FailAtWrite"/>-th write from
/// now, which then never happens (<see cref="SimulatedPowerLoss"/> ends the round). Every write is
/// shown to the node's <see cref="NodeLog"/>, which checks what it applies.
/// </summary>
internal sealed class CrashableEngine(PowerLossStorageEngine inner, NodeLog log) : IStorageEngine
{
    public PowerLossStorageEngine Inner { get; } = inner;

    /// <summary>Counts writes down to the one that fails (0 = none fails).</summary>
    public int FailAtWrite { get; set; }

    public byte[]? Get(ColumnFamily cf, ReadOnlySpan<byte> key) => Inner.Get(cf, key);

    public IStorageCursor OpenCursor(ColumnFamily cf, ReadOnlySpan<byte> lowerBoundInclusive, ReadOnlySpan<byte> upperBoundExclusive, bool reverse) =>
        Inner.OpenCursor(cf, lowerBoundInclusive, upperBoundExclusive, reverse);

    public ValueTask WriteAsync(WriteBatch batch, bool sync, CancellationToken cancellationToken = default)
    {
        if (FailAtWrite > 0 && --FailAtWrite == 0)
        {
            throw new SimulatedPowerLoss();
        }

        var written = Inner.WriteAsync(batch, sync, cancellationToken);
        log.Observe(batch);
        return written;
    }

    public void Dispose() => Inner.Dispose();
}

/// <summary>The power went out during a write: the node is gone.</summary>
internal sealed class SimulatedPowerLoss : Exception
{
    public SimulatedPowerLoss()
        : base("simulated power loss")
    {
    }

    public SimulatedPowerLoss(string message)
        : base(message)
    {
    }

    public SimulatedPowerLoss(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
