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

        // Work out every entry change first: an invalid index key or a full item collection
        // refuses the write before anything is added to the batch or counted.
        var changes = new List<EntryChange>(table.LocalIndexes.Count + table.GlobalIndexes.Count);
        foreach (var index in table.LocalIndexes.Concat(table.GlobalIndexes))
        {
            changes.Add(EntryChange.Of(index, table, write));
        }

        if (table.LocalIndexes.Count > 0)
        {
            CountCollection(write, table, changes);
        }

        foreach (var change in changes)
        {
            change.Apply(batch, timestamp, statistics);
        }
    }

    /// <summary>The item collection grows or shrinks by the item and its local index entries; past 10 GB the write is refused.</summary>
    private void CountCollection(in PendingWrite write, TableDefinition table, List<EntryChange> changes)
    {
        var partitionKey = (write.NewItem ?? write.OldItem)?[table.PartitionKey.Name];
        if (partitionKey is null)
        {
            return;
        }

        long delta = (write.NewItem is null ? 0 : ItemSize.Of(write.NewItem)) - (write.OldItem is null ? 0 : ItemSize.Of(write.OldItem));
        foreach (var change in changes)
        {
            if (!change.Index.IsGlobal)
            {
                delta += change.NewSize - change.OldSize;
            }
        }

        collections.Apply(table, partitionKey, delta);
    }

    /// <summary>How one write changes one index: the entry it removes and the entry it writes, with their sizes.</summary>
    private sealed record EntryChange(IndexDefinition Index, byte[]? OldKey, byte[]? NewKey, Item? NewEntry, long OldSize, long NewSize)
    {
        public static EntryChange Of(IndexDefinition index, TableDefinition table, in PendingWrite write)
        {
            var oldKey = write.OldItem is null ? null : IndexEntries.KeyOf(index, write.OldItem, write.Key);
            var newKey = write.NewItem is null ? null : IndexEntries.KeyOf(index, write.NewItem, write.Key);
            var oldSize = oldKey is null ? 0 : ItemSize.Of(IndexEntries.Project(index, table, write.OldItem!));
            var newEntry = newKey is null ? null : IndexEntries.Project(index, table, write.NewItem!);
            return new EntryChange(index, oldKey, newKey, newEntry, oldSize, newEntry is null ? 0 : ItemSize.Of(newEntry));
        }

        public void Apply(WriteBatch batch, ulong timestamp, TableStatistics statistics)
        {
            if (OldKey is not null && (NewKey is null || !OldKey.AsSpan().SequenceEqual(NewKey)))
            {
                batch.Delete(ColumnFamily.Data, OldKey);
            }

            if (NewKey is not null)
            {
                batch.Put(ColumnFamily.Data, NewKey, ItemCodec.Encode(NewEntry!, new ItemHeader(timestamp, 0)));
            }

            var items = (NewKey is null ? 0 : 1) - (OldKey is null ? 0 : 1);
            if (items != 0 || NewSize != OldSize)
            {
                statistics.Adjust(Index.Id, items, NewSize - OldSize);
            }
        }
    }
}
