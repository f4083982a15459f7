using Basalt.Storage;

namespace Basalt.Partition.Tests;

/// <summary>A node's engine that can lose power at the n-th write of a processing round (that write never happens).</summary>
internal sealed class FailingEngine(PowerLossStorageEngine inner) : IStorageEngine
{
    private int _writesThisRound;

    public PowerLossStorageEngine Inner { get; } = inner;

    /// <summary>The write of each round that fails (0 = none), until one does.</summary>
    public int FailAtWrite { get; set; }

    public void StartRound() => _writesThisRound = 0;

    public byte[]? Get(ColumnFamily cf, ReadOnlySpan<byte> key) => Inner.Get(cf, key);

    public IStorageCursor OpenCursor(ColumnFamily cf, ReadOnlySpan<byte> lowerBoundInclusive, ReadOnlySpan<byte> upperBoundExclusive, bool reverse) =>
        Inner.OpenCursor(cf, lowerBoundInclusive, upperBoundExclusive, reverse);

    /// <summary>Loses power at the first write this accepts (that write never happens).</summary>
    public Func<WriteBatch, bool>? FailWhen { get; set; }

    public ValueTask WriteAsync(WriteBatch batch, bool sync, CancellationToken cancellationToken = default)
    {
        if (FailWhen is { } when && when(batch))
        {
            FailWhen = null;
            throw new PowerLost();
        }

        if (FailAtWrite > 0 && ++_writesThisRound == FailAtWrite)
        {
            FailAtWrite = 0;
            throw new PowerLost();
        }

        return Inner.WriteAsync(batch, sync, cancellationToken);
    }

    public void Dispose() => Inner.Dispose();
}

/// <summary>The power went out during a write.</summary>
internal sealed class PowerLost : Exception
{
    public PowerLost()
        : base("power lost")
    {
    }

    public PowerLost(string message)
        : base(message)
    {
    }

    public PowerLost(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
