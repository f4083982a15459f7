using System.Collections.Concurrent;
using Basalt.Storage;

namespace Basalt.Api.Items;

/// <summary>
/// Write sessions' batches, reused: a session's batch only lives until its write is proposed and
/// completed (the proposal holds its own encoding), and a fresh one grew its buffer for every item
/// (256 bytes, then the item's size) on every write.
/// </summary>
internal static class WriteBatchPool
{
    private const int MaxPooled = 256;
    private const long MaxPooledBytes = 64 * 1024;
    private static readonly ConcurrentQueue<WriteBatch> Pooled = new();
    private static int _count;

    public static WriteBatch Rent()
    {
        if (Pooled.TryDequeue(out var batch))
        {
            Interlocked.Decrement(ref _count);
            return batch;
        }

        return new WriteBatch();
    }

    /// <summary>Takes back a batch nothing refers to any more (large ones are left to the GC).</summary>
    public static void Return(WriteBatch batch)
    {
        if (batch.SizeInBytes > MaxPooledBytes || Interlocked.Increment(ref _count) > MaxPooled)
        {
            if (batch.SizeInBytes <= MaxPooledBytes)
            {
                Interlocked.Decrement(ref _count);
            }

            return;
        }

        batch.Clear();
        Pooled.Enqueue(batch);
    }
}
