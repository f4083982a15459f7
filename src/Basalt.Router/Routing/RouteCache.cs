using System.Collections.Concurrent;
using Basalt.Metadata.Model;

namespace Basalt.Router.Routing;

/// <summary>
/// The router's partition cache, built for constant work (the "Lessons learned from 10 years of
/// DynamoDB" MemDS design): every request sends exactly one MemDS lookup, hit or miss. A hit
/// answers from the cache at once and lets the lookup refresh the entry in the background; a miss
/// waits for that same lookup. So MemDS sees lookups at the request rate whatever the hit rate,
/// and a cold or flushed cache changes only latency, never MemDS load. A storage node's
/// stale-route answer (<see cref="Correct"/>) updates the cache at once. Thread-safe; reads are
/// lock-free.
/// </summary>
public sealed class RouteCache(IMemDsClient memDs)
{
    private readonly ConcurrentDictionary<ulong, CachedRoutes> tables = new();

    /// <summary>Hits, misses and MemDS lookups so far.</summary>
    public RouteCacheCounters Counters { get; } = new();

    /// <summary>
    /// The partition that owns <paramref name="keyHash"/> in the table — from the cache when it
    /// holds one, else from MemDS — or null when MemDS knows no such table. Sends one MemDS lookup
    /// either way. A failed lookup fails a miss; on a hit it is only counted.
    /// </summary>
    public ValueTask<PartitionInfo?> ResolveAsync(ulong tableId, ulong keyHash, CancellationToken cancellationToken = default)
    {
        Counters.Lookup();
        var lookup = memDs.LookupAsync(tableId, keyHash, cancellationToken);
        var cached = TryGetCached(tableId, keyHash);
        if (cached is not null)
        {
            Counters.Hit();
            if (lookup.IsCompletedSuccessfully)
            {
                Refresh(lookup.Result);
            }
            else
            {
                _ = RefreshWhenDoneAsync(lookup);
            }

            return new ValueTask<PartitionInfo?>(cached);
        }

        Counters.Miss();
        return lookup.IsCompletedSuccessfully
            ? new ValueTask<PartitionInfo?>(Install(tableId, keyHash, lookup.Result))
            : AwaitMissAsync(tableId, keyHash, lookup);
    }

    /// <summary>The cached partition holding <paramref name="keyHash"/> (no MemDS lookup, no counting).</summary>
    public PartitionInfo? TryGetCached(ulong tableId, ulong keyHash) =>
        tables.TryGetValue(tableId, out var routes) ? routes.Find(keyHash) : null;

    /// <summary>
    /// Applies a storage node's stale-route answer at once: the partition it names replaces older or
    /// equal entries, and the leader it names becomes the group's leader hint. A node that names no
    /// partition and no usable leader drops the group's entry, so the next request asks MemDS.
    /// </summary>
    public void Correct(RouteCorrection correction)
    {
        var current = correction.Current ??
                      (tables.TryGetValue(correction.TableId, out var routes) ? routes.OfGroup(correction.GroupId) : null);
        if (current is not null && correction.Leader != 0 && correction.Leader != current.LeaderHint)
        {
            current = current.ReplicaOn(correction.Leader) is { Kind: ReplicaKind.Full }
                ? current with { LeaderHint = correction.Leader }
                : null;
        }

        if (current is null)
        {
            Update(correction.TableId, correction.GroupId, static (r, group) => r.Without(group));
        }
        else
        {
            Update(correction.TableId, current, static (r, p) => r.With(p, replaceEqual: true));
        }

        Counters.Corrected();
    }

    /// <summary>Forgets every cached route (MemDS load does not change: it is per request already).</summary>
    public void Flush() => tables.Clear();

    /// <summary>Forgets the cached routes of one table (after it was deleted).</summary>
    public void Forget(ulong tableId) => tables.TryRemove(tableId, out _);

    private async ValueTask<PartitionInfo?> AwaitMissAsync(ulong tableId, ulong keyHash, ValueTask<PartitionInfo?> lookup)
    {
        try
        {
            return Install(tableId, keyHash, await lookup.ConfigureAwait(false));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Counters.LookupFailed();
            throw;
        }
    }

    private async Task RefreshWhenDoneAsync(ValueTask<PartitionInfo?> lookup)
    {
        try
        {
            Refresh(await lookup.ConfigureAwait(false));
        }
        catch (Exception)
        {
            // A hit's background lookup may fail in any way; the request already has its route.
            Counters.LookupFailed();
        }
    }

    /// <summary>A miss's answer: installed, and the route the cache then holds (newer than the answer, if a correction overtook it).</summary>
    private PartitionInfo? Install(ulong tableId, ulong keyHash, PartitionInfo? answer)
    {
        Refresh(answer);
        return answer is null ? null : TryGetCached(tableId, keyHash) ?? answer;
    }

    /// <summary>Installs a MemDS answer when it is newer than what the cache holds for its range.</summary>
    private void Refresh(PartitionInfo? answer)
    {
        if (answer is not null && Update(answer.TableId, answer, static (r, p) => r.With(p, replaceEqual: false)))
        {
            Counters.Refreshed();
        }
    }

    /// <summary>Compare-and-swap loop over one table's routes; false when <paramref name="change"/> declined.</summary>
    private bool Update<TState>(ulong tableId, TState state, Func<CachedRoutes, TState, CachedRoutes?> change)
    {
        while (true)
        {
            var current = tables.GetOrAdd(tableId, CachedRoutes.Empty);
            var next = change(current, state);
            if (next is null)
            {
                return false;
            }

            if (tables.TryUpdate(tableId, next, current))
            {
                return true;
            }
        }
    }
}
