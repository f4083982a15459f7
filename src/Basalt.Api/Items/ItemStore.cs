using Basalt.Model;
using Basalt.Partition;
using Basalt.Storage;

namespace Basalt.Api.Items;

/// <summary>
/// Items of every table in the storage engine's data column family: point reads, cursors, and
/// atomic durable writes (one write batch, synced through the engine's group commit when the
/// server is durable). Callers doing read-modify-write hold <see cref="Latches"/> for the key.
/// </summary>
public sealed class ItemStore(IStorageEngine storage, bool sync, TimeProvider time)
{
    private readonly HybridClock _clock = new(time);

    private IItemWriteObserver[] _observers = [];

    public KeyLatches Latches { get; } = new();

    /// <summary>Registers an observer of every item write (call before serving requests).</summary>
    public void AddObserver(IItemWriteObserver observer) => _observers = [.. _observers, observer];

    public TableStatistics Statistics { get; } = new();

    public IStorageEngine Storage => storage;

    public Item? Read(byte[] key)
    {
        var bytes = storage.Get(ColumnFamily.Data, key);
        return bytes is null ? null : ItemCodec.Decode(bytes, out _);
    }

    /// <summary>The stored encoding of an item (for paths that write it out without decoding).</summary>
    public byte[]? ReadEncoded(byte[] key) => storage.Get(ColumnFamily.Data, key);

    public IStorageCursor OpenCursor(byte[] lowerInclusive, byte[] upperExclusive, bool reverse) =>
        storage.OpenCursor(ColumnFamily.Data, lowerInclusive, upperExclusive, reverse);

    /// <summary>Writes all the given changes atomically; returns once they are durable.</summary>
    public async ValueTask WriteAsync(IReadOnlyList<PendingWrite> writes, CancellationToken cancellationToken = default)
    {
        var batch = new WriteBatch();
        try
        {
            await WriteBatchAsync(writes, batch, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var observer in _observers)
            {
                observer.OnWriteCompleted(batch);
            }
        }
    }

    private async ValueTask WriteBatchAsync(IReadOnlyList<PendingWrite> writes, WriteBatch batch, CancellationToken cancellationToken)
    {
        var deltas = new List<(ulong, long, long)>(writes.Count);
        foreach (var write in writes)
        {
            long itemDelta = 0, byteDelta = 0;
            var timestamp = _clock.Next();
            if (write.NewItem is null)
            {
                batch.Delete(ColumnFamily.Data, write.Key);
            }
            else
            {
                batch.Put(ColumnFamily.Data, write.Key, ItemCodec.Encode(write.NewItem, new ItemHeader(timestamp, 0)));
                itemDelta++;
                byteDelta += ItemSize.Of(write.NewItem);
            }

            if (write.OldItem is not null)
            {
                itemDelta--;
                byteDelta -= ItemSize.Of(write.OldItem);
            }

            foreach (var observer in _observers)
            {
                observer.OnWrite(batch, write, timestamp);
            }

            deltas.Add((write.Table.Id, itemDelta, byteDelta));
        }

        await storage.WriteAsync(batch, sync, cancellationToken).ConfigureAwait(false);
        foreach (var (tableId, items, bytes) in deltas)
        {
            Statistics.Adjust(tableId, items, bytes);
        }
    }

    /// <summary>Counts a table's (or an index's) items and bytes from storage (at start-up).</summary>
    public void Recount(ulong tableId)
    {
        var (items, bytes) = Measure(KeyCodec.EncodeTablePrefix(tableId));
        Statistics.Remove(tableId);
        Statistics.Adjust(tableId, items, bytes);
    }

    /// <summary>The number of items under a key prefix and their total size, measured without decoding them.</summary>
    public (long Items, long Bytes) Measure(byte[] prefix)
    {
        using var cursor = OpenCursor(prefix, KeyRanges.PrefixEnd(prefix), reverse: false);
        long items = 0, bytes = 0;
        while (cursor.MoveNext())
        {
            items++;
            bytes += EncodedItemJson.Size(cursor.Value);
        }

        return (items, bytes);
    }

    /// <summary>Deletes every item of a dropped table, in chunks.</summary>
    public async ValueTask PurgeAsync(ulong tableId, CancellationToken cancellationToken)
    {
        var prefix = KeyCodec.EncodeTablePrefix(tableId);
        var end = KeyRanges.PrefixEnd(prefix);
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = new WriteBatch();
            using (var cursor = OpenCursor(prefix, end, reverse: false))
            {
                while (batch.Count < 1000 && cursor.MoveNext())
                {
                    batch.Delete(ColumnFamily.Data, cursor.Key);
                }
            }

            if (batch.Count == 0)
            {
                break;
            }

            await storage.WriteAsync(batch, sync: false, cancellationToken).ConfigureAwait(false);
        }

        Statistics.Remove(tableId);
    }
}
