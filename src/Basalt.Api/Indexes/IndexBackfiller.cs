using Basalt.Api.Items;
using Basalt.Api.Tables;
using Basalt.Model;
using Basalt.Storage;

namespace Basalt.Api.Indexes;

/// <summary>
/// Builds a new global secondary index from the items already in the table while the table stays
/// readable and writable: scans the table in chunks and writes each item's entry under the
/// item's latch (so it cannot race a concurrent write, which maintains the index itself once the
/// index is in the catalog), then marks the index ACTIVE. Idempotent: after a crash the backfill
/// simply runs again from the start.
/// </summary>
public sealed class IndexBackfiller(TableCatalog catalog, ItemStore items)
{
    private const int ChunkSize = 256;

    public async Task BackfillAsync(string region, string tableName, string indexName, CancellationToken cancellationToken)
    {
        var table = catalog.Find(region, tableName);
        var index = table?.FindIndex(indexName);
        if (table is null || index is null || index.Status != "CREATING")
        {
            return;
        }

        var prefix = KeyCodec.EncodeTablePrefix(table.Id);
        var end = KeyRanges.PrefixEnd(prefix);
        var lower = prefix;
        while (!cancellationToken.IsCancellationRequested)
        {
            var keys = new List<byte[]>(ChunkSize);
            var view = await items.ReadViewAsync(table, consistent: false, cancellationToken).ConfigureAwait(false);
            using (var cursor = view.OpenCursor(ColumnFamily.Data, lower, end, reverse: false))
            {
                while (keys.Count < ChunkSize && cursor.MoveNext())
                {
                    keys.Add(cursor.Key.ToArray());
                }
            }

            if (keys.Count == 0)
            {
                break;
            }

            foreach (var key in keys)
            {
                await BackfillOneAsync(region, tableName, indexName, key, cancellationToken).ConfigureAwait(false);
            }

            lower = KeyRanges.Successor(keys[^1]);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        await catalog.UpdateAsync(region, tableName, current => current with
        {
            GlobalIndexes = current.GlobalIndexes.Select(g => g.Id == index.Id ? g with { Status = "ACTIVE" } : g).ToArray(),
        }).ConfigureAwait(false);
    }

    private async Task BackfillOneAsync(string region, string tableName, string indexName, byte[] key, CancellationToken cancellationToken)
    {
        var live = catalog.Find(region, tableName);
        if (live is null)
        {
            return;
        }

        var (indexId, bytes) = await items.WriteAsync<(ulong, long)>(
            live,
            [key],
            session =>
            {
                var table = catalog.Find(region, tableName);
                var index = table?.FindIndex(indexName);
                var raw = session.ReadRaw(key);
                if (table is null || index is null || raw is null)
                {
                    return (0UL, 0L);
                }

                var item = ItemCodec.Decode(raw, out var header);

                byte[]? entry;
                try
                {
                    entry = IndexEntries.KeyOf(index, item, key);
                }
                catch (ValidationException)
                {
                    // An item written before the index existed may hold a key attribute of another
                    // type; DynamoDB leaves such items out of the index.
                    return (0UL, 0L);
                }

                if (entry is null || session.ReadRaw(entry) is not null)
                {
                    return (0UL, 0L);
                }

                var projected = IndexEntries.Project(index, table, item);
                session.Batch.Put(ColumnFamily.Data, entry, ItemCodec.Encode(projected, header));
                return (index.Id, (long)ItemSize.Of(projected));
            },
            cancellationToken).ConfigureAwait(false);
        if (indexId != 0)
        {
            items.Statistics.Adjust(indexId, 1, bytes);
        }
    }
}
