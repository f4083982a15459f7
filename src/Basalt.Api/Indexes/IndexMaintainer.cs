using Basalt.Api.Items;
using Basalt.Api.Tables;
using Basalt.Model;
using Basalt.Storage;

namespace Basalt.Api.Indexes;

/// <summary>
/// Keeps every secondary index of a table in step with its items: the old entry is removed and
/// the new one written in the same atomic batch as the item itself, so an index can never miss
/// or keep a write, across crashes too. (DynamoDB updates GSIs asynchronously; doing it in the
/// same batch is the strongest form of "eventually consistent".)
/// </summary>
public sealed class IndexMaintainer(TableCatalog catalog, TableStatistics statistics, ItemCollectionSizes collections) : IItemWriteObserver
{
    public void OnWrite(WriteBatch batch, in PendingWrite write, ulong timestamp)
    {
        ArgumentNullException.ThrowIfNull(batch);
        // The catalog's current definition, not the one the request started with: an index
        // created meanwhile (backfilling) must see this write too.
        var table = catalog.Find(write.Table.Region, write.Table.Name) is { } current && current.Id == write.Table.Id ? current : write.Table;
        if (table.LocalIndexes.Count == 0 && table.GlobalIndexes.Count == 0)
        {
            return;
        }

        if (table.LocalIndexes.Count > 0)
        {
            CountCollection(write, table);
        }

        foreach (var index in table.LocalIndexes)
        {
            Maintain(batch, write, table, index, timestamp);
        }

        foreach (var index in table.GlobalIndexes)
        {
            Maintain(batch, write, table, index, timestamp);
        }
    }

    /// <summary>The item collection grows or shrinks by the item and its local index entries; past 10 GB the write is refused.</summary>
    private void CountCollection(in PendingWrite write, TableDefinition table)
    {
        long Footprint(Item? item)
        {
            if (item is null)
            {
                return 0;
            }

            long size = ItemSize.Of(item);
            foreach (var index in table.LocalIndexes)
            {
                if (item.ContainsKey(index.SortKey!.Name))
                {
                    size += ItemSize.Of(IndexEntries.Project(index, table, item));
                }
            }

            return size;
        }

        var partitionKey = (write.NewItem ?? write.OldItem)?[table.PartitionKey.Name];
        if (partitionKey is not null)
        {
            collections.Apply(table, partitionKey, Footprint(write.NewItem) - Footprint(write.OldItem));
        }
    }

    private void Maintain(WriteBatch batch, in PendingWrite write, Tables.TableDefinition table, Tables.IndexDefinition index, ulong timestamp)
    {
        var oldKey = write.OldItem is null ? null : IndexEntries.KeyOf(index, write.OldItem, write.Key);
        var newKey = write.NewItem is null ? null : IndexEntries.KeyOf(index, write.NewItem, write.Key);
        if (oldKey is not null && (newKey is null || !oldKey.AsSpan().SequenceEqual(newKey)))
        {
            batch.Delete(ColumnFamily.Data, oldKey);
        }

        long items = 0, bytes = 0;
        if (oldKey is not null)
        {
            items--;
            bytes -= ItemSize.Of(IndexEntries.Project(index, table, write.OldItem!));
        }

        if (newKey is not null)
        {
            var projected = IndexEntries.Project(index, table, write.NewItem!);
            batch.Put(ColumnFamily.Data, newKey, ItemCodec.Encode(projected, new ItemHeader(timestamp, 0)));
            items++;
            bytes += ItemSize.Of(projected);
        }

        if (items != 0 || bytes != 0)
        {
            statistics.Adjust(index.Id, items, bytes);
        }
    }
}
