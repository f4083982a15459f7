using Basalt.Api.Cluster;
using Basalt.Api.Forwarding;
using Basalt.Api.Items;
using Basalt.Api.Replicas;
using Basalt.Api.Tables;
using Basalt.Model;
using Basalt.Storage;

namespace Basalt.Api.TimeToLive;

/// <summary>
/// Deletes expired items of every table with TTL enabled. Each deletion goes through the normal
/// write path: under the item's latch it re-reads the item and deletes it only if it is still
/// expired (a concurrent write may have extended or removed its TTL), in one durable batch with
/// its REMOVE stream record, which names the service as userIdentity. Until the sweeper gets to
/// them, expired items are still read, queried and scanned, as in DynamoDB.
/// </summary>
/// <remarks>
/// <c>basalt serve</c> sweeps each table through a view of every partition. A storage node in
/// cluster mode (<paramref name="leads"/> given) holds no such view: it sweeps only the partitions
/// it leads at the time, each from its leader's storage within the partition's hash range; the
/// other partitions are swept by their own leaders. Losing leadership of a partition mid-sweep
/// (<see cref="NotLeaderException"/>, <see cref="PartitionUnavailableException"/>) ends that
/// partition's sweep for the round.
/// </remarks>
/// <param name="leads">Cluster mode: whether this node currently leads a partition group (null: sweep whole tables).</param>
public sealed class TimeToLiveSweeper(TableCatalog catalog, ItemStore items, TimeProvider clock, Func<ulong, bool>? leads = null)
{
    private const int ChunkSize = 256;
    private readonly SemaphoreSlim _running = new(1, 1);

    /// <summary>One pass over every TTL-enabled table; returns the number of items deleted.</summary>
    public async Task<long> SweepAsync(CancellationToken cancellationToken = default)
    {
        await _running.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = clock.GetUtcNow();
            long deleted = 0;
            foreach (var table in catalog.All.ToList())
            {
                if (table.TimeToLive is { Enabled: true } ttl)
                {
                    deleted += await SweepTableAsync(table, ttl.AttributeName, now, cancellationToken).ConfigureAwait(false);
                }
            }

            return deleted;
        }
        finally
        {
            _running.Release();
        }
    }

    private async Task<long> SweepTableAsync(TableDefinition table, string attributeName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var prefix = KeyCodec.EncodeTablePrefix(table.Id);
        var lower = prefix;
        var upper = KeyRanges.PrefixEnd(prefix);
        if (leads is null)
        {
            return await SweepRangeAsync(table, attributeName, now, group: null, lower, upper, cancellationToken).ConfigureAwait(false);
        }

        long deleted = 0;
        foreach (var group in PartitionRouting.GroupsOf(table))
        {
            if (!leads(group))
            {
                continue;
            }

            var (first, end) = ShareScope.Of(table, group).Clamp(new ReadTarget(table, null), lower, upper);
            try
            {
                deleted += await SweepRangeAsync(table, attributeName, now, group, first, end, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is NotLeaderException or PartitionUnavailableException)
            {
                // Another node leads the partition now (or none does yet): its leader sweeps it.
            }
        }

        return deleted;
    }

    /// <summary>Deletes the expired items between <paramref name="lower"/> and <paramref name="upper"/>, read from the table's view or, with <paramref name="group"/>, that partition leader's.</summary>
    private async Task<long> SweepRangeAsync(TableDefinition table, string attributeName, DateTimeOffset now, ulong? group, byte[] lower, byte[] upper, CancellationToken cancellationToken)
    {
        long deleted = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var expired = new List<byte[]>();
            var scanned = 0;
            byte[]? last = null;
            var view = group is { } g
                ? await items.ReadGroupViewAsync(table, g, consistent: false, cancellationToken).ConfigureAwait(false)
                : await items.ReadViewAsync(table, consistent: false, cancellationToken).ConfigureAwait(false);
            using (var cursor = view.OpenCursor(ColumnFamily.Data, lower, upper, reverse: false))
            {
                while (scanned < ChunkSize && cursor.MoveNext())
                {
                    scanned++;
                    last = cursor.Key.ToArray();
                    if (ExpiryRule.IsExpired(ItemCodec.Decode(cursor.Value, out _), attributeName, now))
                    {
                        expired.Add(last);
                    }
                }
            }

            foreach (var key in expired)
            {
                if (await DeleteIfExpiredAsync(table, key, attributeName, now, cancellationToken).ConfigureAwait(false))
                {
                    deleted++;
                }
            }

            if (last is null || scanned < ChunkSize)
            {
                return deleted;
            }

            lower = KeyRanges.Successor(last);
        }
    }

    private async Task<bool> DeleteIfExpiredAsync(TableDefinition table, byte[] key, string attributeName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var live = catalog.Find(table.Region, table.Name);
        if (live is null || live.Id != table.Id || live.TimeToLive is not { Enabled: true } ttl
            || !string.Equals(ttl.AttributeName, attributeName, StringComparison.Ordinal))
        {
            return false;
        }

        return await items.WriteAsync(
            live,
            [key],
            session =>
            {
                var current = session.Read(key);
                if (current is null || !ExpiryRule.IsExpired(current.Item, attributeName, now))
                {
                    return false;
                }

                session.Stage(new PendingWrite(live, key, current, null) { ByService = true });
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }
}
