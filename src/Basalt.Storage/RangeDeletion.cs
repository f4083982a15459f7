namespace Basalt.Storage;

/// <summary>Deleting every key of a range, in batches of bounded size (dropped tables, trimmed records).</summary>
public static class RangeDeletion
{
    public const int ChunkSize = 1000;

    /// <summary>Deletes the keys k with <paramref name="lower"/> ≤ k &lt; <paramref name="upper"/> in <paramref name="cf"/>, a chunk per write batch; returns how many it deleted (stops early when cancelled).</summary>
    public static async ValueTask<long> DeleteAsync(IStorageEngine engine, ColumnFamily cf, byte[] lower, byte[] upper, bool sync, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        long removed = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = new WriteBatch();
            using (var cursor = engine.OpenCursor(cf, lower, upper, reverse: false))
            {
                while (batch.Count < ChunkSize && cursor.MoveNext())
                {
                    batch.Delete(cf, cursor.Key);
                }
            }

            if (batch.Count == 0)
            {
                break;
            }

            removed += batch.Count;
            await engine.WriteAsync(batch, sync, cancellationToken).ConfigureAwait(false);
        }

        return removed;
    }
}
