using Basalt.Api.Cluster;
using Basalt.Api.Indexes;
using Basalt.Api.Items;
using Basalt.Api.Replicas;
using Basalt.Api.Streams;
using Basalt.Api.Tables;
using Basalt.Api.TimeToLive;
using Basalt.Storage;

namespace Basalt.Api;

/// <summary>
/// The state every operation works on: the storage nodes and their partitions, the table catalog
/// and the item store.
/// One per server process.
/// </summary>
public sealed class Database : IDisposable
{
    private readonly Lock _purgeLock = new();
    private readonly CancellationTokenSource _closing = new();
    private Task _purge = Task.CompletedTask;
    private Task _backfill = Task.CompletedTask;

    private readonly PeriodicSweep _timeToLiveSweep;
    private readonly PeriodicSweep _streamTrim;

    private readonly ReplicaCluster? _cluster;

    private Database(IPartitionReplicas replicas, TableCatalog catalog, bool durable, TimeProvider clock, DatabaseOptions options)
    {
        Replicas = replicas;
        _cluster = replicas as ReplicaCluster;
        Clock = clock;
        InitialPartitions = options.InitialPartitions;
        Catalog = catalog;
        Items = new ItemStore(replicas, options.NodeClock, clock);
        ItemCollections = new ItemCollectionSizes(Items, options.ItemCollectionLimitBytes);
        Items.AddObserver(new IndexMaintainer(Catalog, Items.Statistics, ItemCollections));
        Backfiller = new IndexBackfiller(Catalog, Items);
        Streams = new StreamService(replicas.LocalEngine, replicas.Engines.Skip(1).ToArray(), durable, Catalog, clock);
        Items.AddObserver(Streams.Recorder);
        // A storage node in cluster mode sweeps the partitions it leads; it has no streams to trim.
        TimeToLive = new TimeToLiveSweeper(Catalog, Items, clock, replicas is ClusterReplicas local ? local.Leads : null);
        var interval = options.SweepInterval ?? TimeSpan.FromMinutes(1);
        _timeToLiveSweep = new PeriodicSweep(interval, clock, TimeToLive.SweepAsync);
        _streamTrim = new PeriodicSweep(IsClusterMode ? Timeout.InfiniteTimeSpan : interval, clock, Streams.Retention.TrimAsync);
    }

    /// <summary>
    /// Opens the database on one storage engine per node (one or three; the first also holds the
    /// catalog): starts the nodes, hosts every table's partitions, waits until each has a serving
    /// leader (which replays the log into items a crash left behind), then counts the tables.
    /// Takes ownership of the engines.
    /// </summary>
    public static async Task<Database> OpenAsync(IReadOnlyList<IStorageEngine> engines, bool durable, TimeProvider clock, DatabaseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(engines);
        options ??= new DatabaseOptions();
        // Storage that does not outlive the process has no restart to recover the log for.
        var node = (options.Node ?? new Node.NodeOptions()) with { PersistsLog = durable };
        var cluster = new ReplicaCluster(engines, options.NodeClock, node);
        Database? database = null;
        try
        {
            // Node 1's storage (the catalog's, where the stream sequencer finds where each stream
            // stands) must hold every partition's log, replayed, before anything reads it.
            var catalog = new LocalTableCatalog(cluster.PrimaryEngine, durable);
            foreach (var table in catalog.All)
            {
                await cluster.CatchUpAsync(table, nodeId: 1).ConfigureAwait(false);
            }

            database = new Database(cluster, catalog, durable, clock, options);
            foreach (var table in database.Catalog.All)
            {
                // A caught-up view: every partition has a serving leader and the view's node has applied its log.
                var view = await database.Items.ReadViewAsync(table, consistent: true).ConfigureAwait(false);
                database.Items.Recount(view, table.Id);
                foreach (var index in table.LocalIndexes.Concat(table.GlobalIndexes))
                {
                    database.Items.Recount(view, index.Id);
                }
            }

            return database;
        }
        catch
        {
            if (database is not null)
            {
                database.Dispose();
            }
            else
            {
                await cluster.DisposeAsync().ConfigureAwait(false);
                foreach (var engine in engines)
                {
                    engine.Dispose();
                }
            }

            throw;
        }
    }

    /// <summary>
    /// Opens the database of a storage node in cluster mode (<c>basalt node --meta</c>): the replicas
    /// the partition map places on this node, and the catalog mirrored from the map. Takes ownership
    /// of <paramref name="replicas"/>.
    /// </summary>
    public static Database OpenCluster(IPartitionReplicas replicas, TableCatalog catalog, TimeProvider clock, DatabaseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(replicas);
        ArgumentNullException.ThrowIfNull(catalog);
        return new Database(replicas, catalog, durable: true, clock, options ?? new DatabaseOptions());
    }

    /// <summary>The partition replicas items are read and written through.</summary>
    public IPartitionReplicas Replicas { get; }

    /// <summary>A storage node under the metadata service (not <c>basalt serve</c>).</summary>
    public bool IsClusterMode => _cluster is null;

    /// <summary>The storage nodes and partition groups of a <c>basalt serve</c> process (not in cluster mode).</summary>
    public ReplicaCluster Cluster => _cluster ?? throw new InvalidOperationException("A storage node in cluster mode has no in-process replica cluster.");

    /// <summary>How many partitions CreateTable gives a new table.</summary>
    public int InitialPartitions { get; }

    public TimeProvider Clock { get; }

    public TableCatalog Catalog { get; }

    public ItemStore Items { get; }

    public IndexBackfiller Backfiller { get; }

    /// <summary>Item-collection sizes of tables with local secondary indexes (10 GB limit, ItemCollectionMetrics).</summary>
    public ItemCollectionSizes ItemCollections { get; }

    /// <summary>DynamoDB Streams: stream catalog, recorder, reader, retention.</summary>
    public StreamService Streams { get; }

    /// <summary>Deletes expired items of TTL-enabled tables (runs every sweep interval; tests call <see cref="TimeToLiveSweeper.SweepAsync"/>).</summary>
    public TimeToLiveSweeper TimeToLive { get; }

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

    /// <summary>Completes when every backfill scheduled so far has finished (for tests and orderly shutdown).</summary>
    public Task BackfillsCompleted
    {
        get
        {
            lock (_purgeLock)
            {
                return _backfill;
            }
        }
    }

    /// <summary>Starts backfilling every global index still CREATING (after UpdateTable, and at start-up after a crash).</summary>
    public void ScheduleBackfills()
    {
        lock (_purgeLock)
        {
            if (_closing.IsCancellationRequested)
            {
                return;
            }

            var pending = Catalog.All.SelectMany(t => t.GlobalIndexes.Where(g => g.Status == "CREATING").Select(g => (t.Region, t.Name, g.Name))).ToList();
            _backfill = _backfill.ContinueWith(
                async _ =>
                {
                    foreach (var (region, table, index) in pending)
                    {
                        await Backfiller.BackfillAsync(region, table, index, _closing.Token).ConfigureAwait(false);
                    }
                },
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

        _timeToLiveSweep.Dispose();
        _streamTrim.Dispose();

        foreach (var task in new[] { _purge, _backfill })
        {
            try
            {
                task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
            }
        }

        _closing.Dispose();
        var engines = Replicas.Engines;
        Replicas.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (!IsClusterMode)
        {
            // A storage node's engine belongs to its node host.
            foreach (var engine in engines)
            {
                engine.Dispose();
            }
        }
    }

    private async Task PurgeDroppedTablesAsync(CancellationToken cancellationToken)
    {
        foreach (var id in Catalog.PendingPurges())
        {
            await Replicas.ForgetTableAsync(id).ConfigureAwait(false);
            await Items.PurgeAsync(id, Replicas.Engines, cancellationToken).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            await Catalog.CompletePurgeAsync(id).ConfigureAwait(false);
        }
    }
}
