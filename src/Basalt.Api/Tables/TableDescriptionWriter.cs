using System.Text.Json;
using Basalt.Api.Items;

namespace Basalt.Api.Tables;

/// <summary>Writes a TableDescription object as DescribeTable, CreateTable, UpdateTable and DeleteTable return it.</summary>
public static class TableDescriptionWriter
{
    public static void Write(Utf8JsonWriter w, string propertyName, TableDefinition table, TableStatistics statistics, DateTimeOffset now, string status = "ACTIVE")
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(statistics);
        var (itemCount, sizeBytes) = statistics.Get(table.Id);
        w.WriteStartObject(propertyName);
        w.WriteStartArray("AttributeDefinitions");
        foreach (var attribute in table.AttributeDefinitions)
        {
            w.WriteStartObject();
            w.WriteString("AttributeName", attribute.Name);
            w.WriteString("AttributeType", attribute.Kind.ToString());
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("TableName", table.Name);
        w.WriteStartArray("KeySchema");
        WriteKeyElement(w, table.PartitionKey.Name, "HASH");
        if (table.SortKey is not null)
        {
            WriteKeyElement(w, table.SortKey.Name, "RANGE");
        }

        w.WriteEndArray();
        w.WriteString("TableStatus", status);
        WriteTimestamp(w, "CreationDateTime", table.CreationDateTime);
        w.WriteStartObject("ProvisionedThroughput");
        if (table.LastIncreaseDateTime is { } increase)
        {
            WriteTimestamp(w, "LastIncreaseDateTime", increase);
        }

        if (table.LastDecreaseDateTime is { } decrease)
        {
            WriteTimestamp(w, "LastDecreaseDateTime", decrease);
        }

        w.WriteNumber("NumberOfDecreasesToday", ThroughputRules.DecreasesToday(table, now));
        w.WriteNumber("ReadCapacityUnits", table.ReadCapacityUnits);
        w.WriteNumber("WriteCapacityUnits", table.WriteCapacityUnits);
        w.WriteEndObject();
        w.WriteNumber("TableSizeBytes", sizeBytes);
        w.WriteNumber("ItemCount", itemCount);
        w.WriteString("TableArn", table.Arn);
        w.WriteString("TableId", table.Uuid);
        WriteIndexes(w, "LocalSecondaryIndexes", table, table.LocalIndexes, statistics);
        WriteIndexes(w, "GlobalSecondaryIndexes", table, table.GlobalIndexes, statistics);
        w.WriteStartObject("BillingModeSummary");
        w.WriteString("BillingMode", table.BillingMode.ToString());
        if (table.LastBillingModeUpdate is { } updated)
        {
            WriteTimestamp(w, "LastUpdateToPayPerRequestDateTime", updated);
        }

        w.WriteEndObject();
        if (table.TableClass != "STANDARD")
        {
            w.WriteStartObject("TableClassSummary");
            w.WriteString("TableClass", table.TableClass);
            w.WriteEndObject();
        }

        if (table.Stream is { } stream)
        {
            if (stream.Enabled)
            {
                w.WriteStartObject("StreamSpecification");
                w.WriteBoolean("StreamEnabled", true);
                w.WriteString("StreamViewType", stream.ViewType);
                w.WriteEndObject();
            }

            w.WriteString("LatestStreamLabel", stream.Label);
            w.WriteString("LatestStreamArn", table.StreamArn(stream));
        }

        w.WriteBoolean("DeletionProtectionEnabled", table.DeletionProtectionEnabled);
        w.WriteEndObject();
    }

    /// <summary>DynamoDB timestamps are epoch seconds with a fraction.</summary>
    public static void WriteTimestamp(Utf8JsonWriter w, string name, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteNumber(name, time.ToUnixTimeMilliseconds() / 1000.0);
    }

    private static void WriteIndexes(Utf8JsonWriter w, string name, TableDefinition table, IReadOnlyList<IndexDefinition> indexes, TableStatistics statistics)
    {
        if (indexes.Count == 0)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var index in indexes)
        {
            var (itemCount, sizeBytes) = statistics.Get(index.Id);
            w.WriteStartObject();
            w.WriteString("IndexName", index.Name);
            w.WriteStartArray("KeySchema");
            WriteKeyElement(w, index.PartitionKey.Name, "HASH");
            if (index.SortKey is not null)
            {
                WriteKeyElement(w, index.SortKey.Name, "RANGE");
            }

            w.WriteEndArray();
            w.WriteStartObject("Projection");
            w.WriteString("ProjectionType", index.Projection.ToString());
            if (index.Projection == ProjectionKind.INCLUDE)
            {
                w.WriteStartArray("NonKeyAttributes");
                foreach (var attribute in index.NonKeyAttributes)
                {
                    w.WriteStringValue(attribute);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            if (index.IsGlobal)
            {
                w.WriteString("IndexStatus", index.Status);
                if (index.Status == "CREATING")
                {
                    w.WriteBoolean("Backfilling", true);
                }

                w.WriteStartObject("ProvisionedThroughput");
                w.WriteNumber("NumberOfDecreasesToday", 0);
                w.WriteNumber("ReadCapacityUnits", index.ReadCapacityUnits);
                w.WriteNumber("WriteCapacityUnits", index.WriteCapacityUnits);
                w.WriteEndObject();
            }

            w.WriteNumber("IndexSizeBytes", sizeBytes);
            w.WriteNumber("ItemCount", itemCount);
            w.WriteString("IndexArn", $"{table.Arn}/index/{index.Name}");
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteKeyElement(Utf8JsonWriter w, string name, string type)
    {
        w.WriteStartObject();
        w.WriteString("AttributeName", name);
        w.WriteString("KeyType", type);
        w.WriteEndObject();
    }
}
