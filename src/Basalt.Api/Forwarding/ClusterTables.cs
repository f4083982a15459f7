using System.Collections.Concurrent;
using Basalt.Api.Cluster;
using Basalt.Api.Tables;
using Basalt.Metadata.Model;
using Basalt.Router.Forwarding;

namespace Basalt.Api.Forwarding;

/// <summary>A table as the router uses it: MemDS's route (partitions, nodes, map version) and its decoded definition.</summary>
public sealed record ForwardedTable(TableRoute Route, TableDefinition Definition)
{
    public ulong Id => Route.Table.Id;

    public IReadOnlyList<PartitionInfo> Partitions => Route.Partitions;
}

/// <summary>
/// The router's table definitions, from MemDS (<see cref="ITableDirectory"/>): cached by region and
/// name; a miss asks MemDS and waits, a hit older than <see cref="RefreshAfter"/> is used while one
/// background lookup refreshes it. Every answer also teaches the node directory the nodes' addresses.
/// </summary>
public sealed class ClusterTables(ITableDirectory directory, NodeDirectory nodes, TimeProvider time, Func<TableInfo, TableDefinition>? decode = null)
{
    private readonly ConcurrentDictionary<(string Region, string Name), Cached> _tables = new();
    private readonly Func<TableInfo, TableDefinition> _decode = decode ?? ClusterDefinitions.Decode;
    private long _mapVersion;

    public TimeSpan RefreshAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The newest map version any MemDS answer carried.</summary>
    public ulong MapVersion => (ulong)Interlocked.Read(ref _mapVersion);

    /// <summary>The table, or null when MemDS knows no such table.</summary>
    public async ValueTask<ForwardedTable?> FindAsync(string region, string name, CancellationToken cancellationToken = default)
    {
        if (_tables.TryGetValue((region, name), out var cached))
        {
            if (time.GetUtcNow() - cached.Fetched >= RefreshAfter && Interlocked.Exchange(ref cached.Refreshing, 1) == 0)
            {
                _ = RefreshInBackgroundAsync(region, name);
            }

            return cached.Table;
        }

        return await FetchAsync(region, name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Forgets a table (after a table operation changed it, or a request found it gone): the next request asks MemDS.</summary>
    public void Invalidate(string region, string name) => _tables.TryRemove((region, name), out _);

    /// <summary>Asks MemDS now and caches the answer.</summary>
    public async ValueTask<ForwardedTable?> FetchAsync(string region, string name, CancellationToken cancellationToken = default)
    {
        var route = await directory.FindAsync(region, name, cancellationToken).ConfigureAwait(false);
        if (route is null)
        {
            _tables.TryRemove((region, name), out _);
            return null;
        }

        nodes.Learn(route.Nodes);
        UpdateMapVersion(route.MapVersion);
        var current = _tables.TryGetValue((region, name), out var cached) ? cached.Table : null;
        var table = current is not null && current.Route.Table.Version == route.Table.Version && current.Id == route.Table.Id
            ? current with { Route = route }
            : new ForwardedTable(route, _decode(route.Table));
        _tables[(region, name)] = new Cached(table, time.GetUtcNow());
        return table;
    }

    private void UpdateMapVersion(ulong version)
    {
        long seen;
        while ((ulong)(seen = Interlocked.Read(ref _mapVersion)) < version && Interlocked.CompareExchange(ref _mapVersion, (long)version, seen) != seen)
        {
        }
    }

    private async Task RefreshInBackgroundAsync(string region, string name)
    {
        try
        {
            await FetchAsync(region, name).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A background refresh may fail in any way; requests go on with the cached table.
        catch (Exception)
#pragma warning restore CA1031
        {
            if (_tables.TryGetValue((region, name), out var cached))
            {
                Volatile.Write(ref cached.Refreshing, 0);
            }
        }
    }

    private sealed class Cached(ForwardedTable table, DateTimeOffset fetched)
    {
        public int Refreshing;

        public ForwardedTable Table { get; } = table;

        public DateTimeOffset Fetched { get; } = fetched;
    }
}
