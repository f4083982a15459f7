using Basalt.Api.Items;
using Basalt.Storage;

namespace Basalt.Api.Streams;

/// <summary>
/// DynamoDB Streams' 24-hour retention: removes records older than 24 hours (by the server's
/// clock) and forgets streams disabled more than 24 hours ago, with their records. Runs
/// periodically; <see cref="TrimAsync"/> is also what tests call to trim at once. Records are
/// trimmed on node 1's storage with the catalog's trim point, and then on the other nodes' too
/// (records are replicated with their items; the trim is each node's own housekeeping).
/// </summary>
/// <param name="storage">Node 1's engine (the stream catalog's).</param>
/// <param name="others">The other storage nodes' engines, which hold copies of the records.</param>
public sealed class StreamRetention(IStorageEngine storage, IReadOnlyList<IStorageEngine> others, bool sync, StreamCatalog catalog, TimeProvider clock)
{
    public static readonly TimeSpan Period = TimeSpan.FromHours(24);
    private const int ChunkSize = 1000;
    private readonly SemaphoreSlim _running = new(1, 1);

    /// <summary>One pass over every stream; returns the number of records removed.</summary>
    public async Task<long> TrimAsync(CancellationToken cancellationToken = default)
    {
        await _running.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await catalog.ReconcileAllAsync().ConfigureAwait(false);
            var now = clock.GetUtcNow();
            var cutoff = (ulong)(now - Period).ToUnixTimeMilliseconds() << 16;
            long removed = 0;
            foreach (var stream in catalog.All.ToList())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (stream.DisabledAt is { } disabled && now - disabled > Period)
                {
                    removed += await DeleteAllAsync(stream, cancellationToken).ConfigureAwait(false);
                    await catalog.RemoveAsync(stream).ConfigureAwait(false);
                    continue;
                }

                foreach (var shard in stream.Shards)
                {
                    removed += await TrimShardAsync(stream, shard, cutoff, cancellationToken).ConfigureAwait(false);
                }
            }

            return removed;
        }
        finally
        {
            _running.Release();
        }
    }

    private async Task<long> TrimShardAsync(StreamDescriptor stream, StreamShard shard, ulong cutoff, CancellationToken cancellationToken)
    {
        long removed = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = new WriteBatch();
            ulong last = 0;
            var lower = StreamRecordKeys.Record(stream, shard.Index, 0);
            var upper = StreamRecordKeys.Record(stream, shard.Index, cutoff);
            using (var cursor = storage.OpenCursor(ColumnFamily.Data, lower, upper, reverse: false))
            {
                while (batch.Count < ChunkSize && cursor.MoveNext())
                {
                    batch.Delete(ColumnFamily.Data, cursor.Key);
                    last = StreamRecordKeys.SequenceOf(cursor.Key);
                }
            }

            if (batch.Count == 0)
            {
                break;
            }

            removed += batch.Count;
            await catalog.TrimAsync(stream, shard.Index, last, batch).ConfigureAwait(false);
            await DeleteElsewhereAsync(lower, StreamRecordKeys.Record(stream, shard.Index, last + 1), cancellationToken).ConfigureAwait(false);
        }

        return removed;
    }

    private async Task<long> DeleteAllAsync(StreamDescriptor stream, CancellationToken cancellationToken)
    {
        var (lower, upper) = ShardReader.StreamRange(stream);
        var removed = await RangeDeletion.DeleteAsync(storage, ColumnFamily.Data, lower, upper, sync, cancellationToken).ConfigureAwait(false);
        await DeleteElsewhereAsync(lower, upper, cancellationToken).ConfigureAwait(false);
        return removed;
    }

    private async Task DeleteElsewhereAsync(byte[] lower, byte[] upper, CancellationToken cancellationToken)
    {
        foreach (var engine in others)
        {
            await RangeDeletion.DeleteAsync(engine, ColumnFamily.Data, lower, upper, sync: false, cancellationToken).ConfigureAwait(false);
        }
    }
}
