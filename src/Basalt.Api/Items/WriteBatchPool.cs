using Basalt.Storage;

namespace Basalt.Api.Items;

/// <summary>
/// Write sessions' batches, reused: a session's batch only lives until its write is proposed and
/// completed (the proposal holds its own encoding), and a fresh one grew its buffer for every item
/// (256 bytes, then the item's size) on every write.
/// </summary>
internal static class WriteBatchPool
{
    private const long MaxPooledBytes = 64 * 1024;
    private static readonly BoundedPool<WriteBatch> Pool = new(256, static () => new WriteBatch());

    public static WriteBatch Rent() => Pool.Rent();

    /// <summary>Takes back a batch nothing refers to any more (large ones are left to the GC).</summary>
    public static void Return(WriteBatch batch)
    {
        if (batch.SizeInBytes > MaxPooledBytes)
        {
            return;
        }

        batch.Clear();
        Pool.Return(batch);
    }
}
