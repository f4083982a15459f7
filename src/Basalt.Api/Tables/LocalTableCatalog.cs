using System.Buffers.Binary;
using System.Text;
using Basalt.Api.Items;
using Basalt.Model;
using Basalt.Storage;

namespace Basalt.Api.Tables;

/// <summary>
/// The table catalog of one server (<c>basalt serve</c>): definitions by (region, name), persisted
/// in the meta column family under "table/{region}/{name}", plus the next table id under
/// "next-table-id". Changes are serialised by one lock and synced before they are acknowledged.
/// </summary>
public sealed class LocalTableCatalog : TableCatalog
{
    private const string TablePrefix = "table/";
    private static readonly byte[] NextIdKey = "next-table-id"u8.ToArray();
    private static readonly byte[] PurgePrefix = "purge/"u8.ToArray();

    private readonly IStorageEngine _storage;
    private readonly bool _sync;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile Dictionary<(string Region, string Name), TableDefinition> _tables;
    private ulong _nextId;

    public LocalTableCatalog(IStorageEngine storage, bool sync)
    {
        _storage = storage;
        _sync = sync;
        _tables = Load(storage);
        var next = storage.Get(ColumnFamily.Meta, NextIdKey);
        _nextId = next is null ? 1 : BinaryPrimitives.ReadUInt64BigEndian(next);
    }

    public override TableDefinition? Find(string region, string name) =>
        _tables.TryGetValue((region, name), out var table) ? table : null;

    public override IEnumerable<TableDefinition> All => _tables.Values;

    public override async ValueTask<TableDefinition> CreateAsync(string region, string name, Func<Func<ulong>, TableDefinition> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (Find(region, name) is not null)
            {
                throw new DynamoDbException("ResourceInUseException", $"Table already exists: {name}");
            }

            var next = _nextId;
            var table = factory(() => next++);
            await PersistAsync(table, next).ConfigureAwait(false);
            return table;
        }
        finally
        {
            _lock.Release();
        }
    }

    public override async ValueTask<TableDefinition> UpdateAsync(string region, string name, Func<TableDefinition, Func<ulong>, TableDefinition> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            var current = Get(region, name);
            var next = _nextId;
            var updated = change(current, () => next++);
            await PersistAsync(updated, next).ConfigureAwait(false);
            return updated;
        }
        finally
        {
            _lock.Release();
        }
    }

    private async ValueTask PersistAsync(TableDefinition table, ulong nextId)
    {
        var batch = new WriteBatch();
        if (Find(table.Region, table.Name) is { } previous)
        {
            // Indexes the change drops have their entries purged, as dropped tables do.
            foreach (var index in previous.LocalIndexes.Concat(previous.GlobalIndexes))
            {
                if (!table.LocalIndexes.Concat(table.GlobalIndexes).Any(i => i.Id == index.Id))
                {
                    batch.Put(ColumnFamily.Meta, PurgeKey(index.Id), []);
                }
            }
        }

        if (nextId != _nextId)
        {
            var next = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(next, nextId);
            batch.Put(ColumnFamily.Meta, NextIdKey, next);
        }

        batch.Put(ColumnFamily.Meta, TableKey(table.Region, table.Name), TableDefinitionCodec.Encode(table));
        await _storage.WriteAsync(batch, _sync).ConfigureAwait(false);
        _nextId = nextId;
        Publish(tables => tables[(table.Region, table.Name)] = table);
    }

    /// <summary>Removes a table from the catalog and records its id for the item purge.</summary>
    public override async ValueTask<TableDefinition> DeleteAsync(string region, string name, Action<TableDefinition>? check = null)
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            var table = Get(region, name);
            check?.Invoke(table);
            var batch = new WriteBatch();
            batch.Delete(ColumnFamily.Meta, TableKey(region, name));
            batch.Put(ColumnFamily.Meta, PurgeKey(table.Id), []);
            foreach (var index in table.LocalIndexes.Concat(table.GlobalIndexes))
            {
                batch.Put(ColumnFamily.Meta, PurgeKey(index.Id), []);
            }

            await _storage.WriteAsync(batch, _sync).ConfigureAwait(false);
            Publish(tables => tables.Remove((region, name)));
            return table;
        }
        finally
        {
            _lock.Release();
        }
    }

    public override IReadOnlyList<ulong> PendingPurges()
    {
        var ids = new List<ulong>();
        using var cursor = _storage.OpenCursor(ColumnFamily.Meta, PurgePrefix, KeyRanges.PrefixEnd(PurgePrefix), reverse: false);
        while (cursor.MoveNext())
        {
            ids.Add(BinaryPrimitives.ReadUInt64BigEndian(cursor.Key[PurgePrefix.Length..]));
        }

        return ids;
    }

    public override ValueTask CompletePurgeAsync(ulong tableId)
    {
        var batch = new WriteBatch();
        batch.Delete(ColumnFamily.Meta, PurgeKey(tableId));
        return _storage.WriteAsync(batch, _sync);
    }

    private void Publish(Action<Dictionary<(string, string), TableDefinition>> change)
    {
        var copy = new Dictionary<(string Region, string Name), TableDefinition>(_tables);
        change(copy);
        _tables = copy;
    }

    private static Dictionary<(string Region, string Name), TableDefinition> Load(IStorageEngine storage)
    {
        var tables = new Dictionary<(string Region, string Name), TableDefinition>();
        var lower = Encoding.UTF8.GetBytes(TablePrefix);
        using var cursor = storage.OpenCursor(ColumnFamily.Meta, lower, KeyRanges.PrefixEnd(lower), reverse: false);
        while (cursor.MoveNext())
        {
            var table = TableDefinitionCodec.Decode(cursor.Value);
            tables[(table.Region, table.Name)] = table;
        }

        return tables;
    }

    private static byte[] TableKey(string region, string name) => Encoding.UTF8.GetBytes($"{TablePrefix}{region}/{name}");

    private static byte[] PurgeKey(ulong tableId)
    {
        var key = new byte[PurgePrefix.Length + 8];
        PurgePrefix.CopyTo(key, 0);
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(PurgePrefix.Length), tableId);
        return key;
    }
}
