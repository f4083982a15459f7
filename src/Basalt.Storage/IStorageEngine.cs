namespace Basalt.Storage;

/// <summary>
/// An ordered key-value store with several column families, atomic write batches and snapshot cursors.
/// Keys are compared as unsigned bytes (memcmp order). Implementations are thread-safe.
/// </summary>
public interface IStorageEngine : IDisposable
{
    /// <summary>
    /// Returns the value stored under <paramref name="key"/>, or null when there is none. The caller must
    /// not modify the array: an engine may hand out the one it holds (the in-memory engine's values are
    /// immutable and shared, which saves a copy of the item on every read).
    /// </summary>
    byte[]? Get(ColumnFamily cf, ReadOnlySpan<byte> key);

    /// <summary>
    /// Applies every operation of <paramref name="batch"/> atomically. When <paramref name="sync"/> is true the
    /// returned task completes only after the batch is durable (fsync'd); concurrent synced writes share one fsync.
    /// The batch must not be modified until the returned task completes; afterwards it may be cleared and reused.
    /// </summary>
    ValueTask WriteAsync(WriteBatch batch, bool sync, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a cursor over the keys k with <paramref name="lowerBoundInclusive"/> &lt;= k &lt; <paramref name="upperBoundExclusive"/>
    /// (an empty upper bound means unbounded), ascending or, when <paramref name="reverse"/>, descending.
    /// The cursor reads a consistent snapshot taken when it is opened; later writes are not visible to it.
    /// </summary>
    IStorageCursor OpenCursor(ColumnFamily cf, ReadOnlySpan<byte> lowerBoundInclusive, ReadOnlySpan<byte> upperBoundExclusive, bool reverse);
}
