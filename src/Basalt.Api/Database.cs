using Basalt.Api.Items;
using Basalt.Api.Tables;
using Basalt.Storage;

namespace Basalt.Api;

/// <summary>
/// The state every operation works on: the storage engine, the table catalog and the item store.
/// One per server process.
/// </summary>
public sealed class Database : IDisposable
{
    public Database(IStorageEngine storage, bool durable, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(storage);
        Storage = storage;
        Clock = clock;
        Catalog = new TableCatalog(storage, durable);
        Items = new ItemStore(storage, durable, clock);
        foreach (var table in Catalog.All)
        {
            Items.Recount(table.Id);
        }
    }

    public IStorageEngine Storage { get; }

    public TimeProvider Clock { get; }

    public TableCatalog Catalog { get; }

    public ItemStore Items { get; }

    /// <summary>Deletes the items of dropped tables (left over from DeleteTable or a crash).</summary>
    public async Task PurgeDroppedTablesAsync(CancellationToken cancellationToken)
    {
        foreach (var id in Catalog.PendingPurges())
        {
            await Items.PurgeAsync(id, cancellationToken).ConfigureAwait(false);
            if (!cancellationToken.IsCancellationRequested)
            {
                await Catalog.CompletePurgeAsync(id).ConfigureAwait(false);
            }
        }
    }

    public void Dispose() => Storage.Dispose();
}
