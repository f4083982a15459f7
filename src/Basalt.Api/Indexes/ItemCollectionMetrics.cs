using System.Text.Json;
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

    public static void Write(Utf8JsonWriter w, ItemCollectionSizes collections, TableDefinition table, AttributeValue partitionKey)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(collections);
        ArgumentNullException.ThrowIfNull(table);
        w.WritePropertyName("ItemCollectionMetrics");
        WriteValue(w, collections, table, partitionKey);
    }

    /// <summary>One ItemCollectionMetrics object (BatchWriteItem lists them per table).</summary>
    public static void WriteValue(Utf8JsonWriter w, ItemCollectionSizes collections, TableDefinition table, AttributeValue partitionKey)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(collections);
        ArgumentNullException.ThrowIfNull(table);
        var size = collections.SizeOf(table, partitionKey) / BytesPerGb;
        w.WriteStartObject();
        w.WritePropertyName("ItemCollectionKey");
        AttributeValueJson.WriteItem(w, new Item { [table.PartitionKey.Name] = partitionKey });
        w.WriteStartArray("SizeEstimateRangeGB");
        w.WriteNumberValue(Math.Floor(size));
        w.WriteNumberValue(Math.Floor(size) + 1);
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
