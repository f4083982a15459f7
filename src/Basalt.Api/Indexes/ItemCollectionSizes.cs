using System.Collections.Concurrent;
using Basalt.Api.Items;
using Basalt.Api.Tables;
using Basalt.Model;

namespace Basalt.Api.Indexes;

/// <summary>
/// Sizes of the item collections of tables with local secondary indexes (the items of one
/// partition key plus their LSI entries), for DynamoDB's 10 GB item-collection limit and for
/// ItemCollectionMetrics. A collection is measured by one scan the first time it is touched and
/// then adjusted by every write; like DynamoDB's, the figure is an estimate (a write that fails
/// after being counted, or races the first scan, can skew it by that write).
/// </summary>
public sealed class ItemCollectionSizes(ItemStore items, long limitBytes)
{
    public const long DefaultLimitBytes = 10L * 1024 * 1024 * 1024;

    private readonly ConcurrentDictionary<byte[], long> _sizes = new(ByteArrayComparer.Instance);

    public long LimitBytes => limitBytes;

    public long SizeOf(TableDefinition table, AttributeValue partitionKey)
    {
        ArgumentNullException.ThrowIfNull(table);
        var prefix = KeyCodec.EncodePartitionPrefix(table.Id, partitionKey);
        return _sizes.GetOrAdd(prefix, _ => Measure(table, partitionKey));
    }

    /// <summary>Counts a write's change of the collection size, refusing growth past the limit.</summary>
    public void Apply(TableDefinition table, AttributeValue partitionKey, long delta)
    {
        ArgumentNullException.ThrowIfNull(table);
        var prefix = KeyCodec.EncodePartitionPrefix(table.Id, partitionKey);
        var current = _sizes.GetOrAdd(prefix, _ => Measure(table, partitionKey));
        if (delta > 0 && current + delta > limitBytes)
        {
            throw new DynamoDbException("ItemCollectionSizeLimitExceededException", "Collection size exceeded.");
        }

        _sizes.AddOrUpdate(prefix, delta, (_, size) => size + delta);
    }

    /// <summary>Forgets a table's collections (after it is deleted).</summary>
    public void Forget(ulong tableId)
    {
        var tablePrefix = KeyCodec.EncodeTablePrefix(tableId);
        foreach (var key in _sizes.Keys)
        {
            if (key.AsSpan().StartsWith(tablePrefix))
            {
                _sizes.TryRemove(key, out _);
            }
        }
    }

    private long Measure(TableDefinition table, AttributeValue partitionKey) =>
        table.LocalIndexes.Select(i => i.Id).Prepend(table.Id)
            .Sum(id => items.Measure(KeyCodec.EncodePartitionPrefix(id, partitionKey)).Bytes);
}
