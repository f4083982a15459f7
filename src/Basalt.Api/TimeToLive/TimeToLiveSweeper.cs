using Basalt.Api.Items;
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
public sealed class TimeToLiveSweeper(TableCatalog catalog, ItemStore items, TimeProvider clock)
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
        long deleted = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var expired = new List<byte[]>();
            var scanned = 0;
            byte[]? last = null;
            var view = await items.ReadViewAsync(table, consistent: false, cancellationToken).ConfigureAwait(false);
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
                if (current is null || !ExpiryRule.IsExpired(current, attributeName, now))
                {
                    return false;
                }

                session.Stage(new PendingWrite(live, key, current, null) { ByService = true });
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }
}
