namespace Basalt.Router.Routing;

/// <summary>
/// What a <see cref="RouteCache"/> has done. <see cref="MemDsLookups"/> equals <see cref="Hits"/> +
/// <see cref="Misses"/>: one MemDS lookup per request, whatever the hit rate.
/// </summary>
public sealed class RouteCacheCounters
{
    private long hits;
    private long misses;
    private long lookups;
    private long lookupFailures;
    private long refreshes;
    private long corrections;

    /// <summary>Requests answered from the cache.</summary>
    public long Hits => Interlocked.Read(ref hits);

    /// <summary>Requests that waited for MemDS.</summary>
    public long Misses => Interlocked.Read(ref misses);

    /// <summary>MemDS lookups sent.</summary>
    public long MemDsLookups => Interlocked.Read(ref lookups);

    /// <summary>MemDS lookups that failed (for hits, the request went on with the cached route).</summary>
    public long MemDsLookupFailures => Interlocked.Read(ref lookupFailures);

    /// <summary>MemDS answers that added an entry or replaced an older one.</summary>
    public long Refreshes => Interlocked.Read(ref refreshes);

    /// <summary>Cache entries changed by a storage node's stale-route answer.</summary>
    public long Corrections => Interlocked.Read(ref corrections);

    internal void Hit() => Interlocked.Increment(ref hits);

    internal void Miss() => Interlocked.Increment(ref misses);

    internal void Lookup() => Interlocked.Increment(ref lookups);

    internal void LookupFailed() => Interlocked.Increment(ref lookupFailures);

    internal void Refreshed() => Interlocked.Increment(ref refreshes);

    internal void Corrected() => Interlocked.Increment(ref corrections);
}
