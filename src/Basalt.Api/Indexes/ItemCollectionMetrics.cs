using System.Text.Json;
using Basalt.Api.Items;
using Basalt.Api.Tables;
using Basalt.Model;

namespace Basalt.Api.Indexes;

/// <summary>
/// ItemCollectionMetrics (ReturnItemCollectionMetrics = SIZE), reported only for tables with
/// local secondary indexes, as DynamoDB does: the collection's partition key and an estimate of
/// its size in GB (items plus their local index entries), as the range [lower, upper] of 1 GB
/// granularity DynamoDB documents.
/// </summary>
public static class ItemCollectionMetrics
{
    private const double BytesPerGb = 1024.0 * 1024 * 1024;

    public static bool Applies(TableDefinition table) => table?.LocalIndexes.Count > 0;

    /// <summary>Measures the item collection of <paramref name="partitionKey"/> (a scan of the collection and its LSI entries).</summary>
    public static double SizeInGb(ItemStore items, TableDefinition table, AttributeValue partitionKey)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(table);
        long bytes = 0;
        foreach (var id in table.LocalIndexes.Select(i => i.Id).Prepend(table.Id))
        {
            var prefix = KeyCodec.EncodePartitionPrefix(id, partitionKey);
            using var cursor = items.OpenCursor(prefix, KeyRanges.PrefixEnd(prefix), reverse: false);
            while (cursor.MoveNext())
            {
                bytes += ItemSize.Of(ItemCodec.Decode(cursor.Value, out _));
            }
        }

        return bytes / BytesPerGb;
    }

    public static void Write(Utf8JsonWriter w, ItemStore items, TableDefinition table, AttributeValue partitionKey)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(table);
        var size = SizeInGb(items, table, partitionKey);
        w.WriteStartObject("ItemCollectionMetrics");
        w.WritePropertyName("ItemCollectionKey");
        AttributeValueJson.WriteItem(w, new Item { [table.PartitionKey.Name] = partitionKey });
        w.WriteStartArray("SizeEstimateRangeGB");
        w.WriteNumberValue(Math.Floor(size));
        w.WriteNumberValue(Math.Floor(size) + 1);
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
