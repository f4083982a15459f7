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

    public (long ItemCount, long SizeBytes) Get(ulong tableId) =>
        _counters.TryGetValue(tableId, out var c) ? (Interlocked.Read(ref c.Items), Interlocked.Read(ref c.Bytes)) : (0, 0);

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
