using System.Collections.Concurrent;

namespace Basalt.Api.Items;

/// <summary>
/// ItemCount and TableSizeBytes per table, kept in memory, adjusted by every write and counted
/// afresh from storage when the server starts. (DynamoDB refreshes these about every six hours;
/// ours are exact.)
/// </summary>
public sealed class TableStatistics
{
    private readonly ConcurrentDictionary<ulong, Counter> _counters = new();

    /// <summary>
    /// The counts of a table (never below zero: a storage node in cluster mode counts only the writes
    /// it led since it started, deletions of older items included).
    /// </summary>
    public (long ItemCount, long SizeBytes) Get(ulong tableId) =>
        _counters.TryGetValue(tableId, out var c) ? (Math.Max(0, Interlocked.Read(ref c.Items)), Math.Max(0, Interlocked.Read(ref c.Bytes))) : (0, 0);

    public void Adjust(ulong tableId, long itemDelta, long byteDelta)
    {
        var c = _counters.GetOrAdd(tableId, static _ => new Counter());
        Interlocked.Add(ref c.Items, itemDelta);
        Interlocked.Add(ref c.Bytes, byteDelta);
    }

    public void Remove(ulong tableId) => _counters.TryRemove(tableId, out _);

    private sealed class Counter
    {
        public long Items;
        public long Bytes;
    }
}
