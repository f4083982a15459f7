using Basalt.Api.Indexes;
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
    private readonly Lock _purgeLock = new();
    private readonly CancellationTokenSource _closing = new();
    private Task _purge = Task.CompletedTask;

    public Database(IStorageEngine storage, bool durable, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(storage);
        Storage = storage;
        Clock = clock;
        Catalog = new TableCatalog(storage, durable);
        Items = new ItemStore(storage, durable, clock);
        Items.AddObserver(new IndexMaintainer(Items.Statistics));
        foreach (var table in Catalog.All)
        {
            Items.Recount(table.Id);
            foreach (var index in table.LocalIndexes.Concat(table.GlobalIndexes))
            {
                Items.Recount(index.Id);
            }
        }
    }

    public IStorageEngine Storage { get; }

    public TimeProvider Clock { get; }

    public TableCatalog Catalog { get; }

    public ItemStore Items { get; }

    /// <summary>
    /// Starts deleting the items of dropped tables (after DeleteTable, and at start-up for purges
    /// a crash interrupted). One purge runs at a time; Dispose cancels and waits for it.
    /// </summary>
    public void SchedulePurge()
    {
        lock (_purgeLock)
        {
            if (_closing.IsCancellationRequested)
            {
                return;
            }

            _purge = _purge.ContinueWith(
                _ => PurgeDroppedTablesAsync(_closing.Token),
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default).Unwrap();
        }
    }

    public void Dispose()
    {
        lock (_purgeLock)
        {
            _closing.Cancel();
        }

        try
        {
            _purge.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }

        _closing.Dispose();
        Storage.Dispose();
    }

    private async Task PurgeDroppedTablesAsync(CancellationToken cancellationToken)
    {
        foreach (var id in Catalog.PendingPurges())
        {
            await Items.PurgeAsync(id, cancellationToken).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            await Catalog.CompletePurgeAsync(id).ConfigureAwait(false);
        }
    }
}
