using System.Text.Json;
using Basalt.Api.Tables;
using Basalt.Model;
using Basalt.Router.Admission;

namespace Basalt.Api.Admission;

/// <summary>
/// Reads, leniently (the operation validates), what admission needs from a request body before the
/// operation runs: which kind of capacity it uses, which table(s) it names, which item it targets.
/// </summary>
internal static class RequestTables
{
    /// <summary>How an operation touches tables.</summary>
    public enum Shape
    {
        /// <summary>Control plane or unknown: not admission-checked (its consumption, if any, is still charged).</summary>
        None,

        /// <summary>GetItem, PutItem, UpdateItem, DeleteItem: one item of one table.</summary>
        Item,

        /// <summary>Query, Scan: one table, any of its partitions.</summary>
        Table,

        /// <summary>BatchGetItem, BatchWriteItem: the tables named by RequestItems.</summary>
        Batch,

        /// <summary>TransactGetItems, TransactWriteItems: the tables named by TransactItems.</summary>
        Transaction,
    }

    public static (Shape Shape, CapacityKind Kind, string? ItemMember) Classify(string operation) => operation switch
    {
        "GetItem" => (Shape.Item, CapacityKind.Read, "Key"),
        "PutItem" => (Shape.Item, CapacityKind.Write, "Item"),
        "UpdateItem" or "DeleteItem" => (Shape.Item, CapacityKind.Write, "Key"),
        "Query" or "Scan" => (Shape.Table, CapacityKind.Read, null),
        "BatchGetItem" => (Shape.Batch, CapacityKind.Read, null),
        "BatchWriteItem" => (Shape.Batch, CapacityKind.Write, null),
        "TransactGetItems" => (Shape.Transaction, CapacityKind.Read, null),
        "TransactWriteItems" => (Shape.Transaction, CapacityKind.Write, null),
        _ => (Shape.None, CapacityKind.Read, null),
    };

    public static string? TableName(JsonElement body) =>
        body.TryGetProperty("TableName", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;

    /// <summary>The hash of the partition key in Key/Item, or 0 when it cannot be read (the operation will reject it).</summary>
    public static ulong PartitionKeyHash(TableDefinition table, JsonElement body, string member)
    {
        if (body.TryGetProperty(member, out var item)
            && item.ValueKind == JsonValueKind.Object
            && item.TryGetProperty(table.PartitionKey.Name, out var value)
            && AttributeValueJson.TryRead(value, out var key, out _)
            && key.Kind == table.PartitionKey.Kind)
        {
            return KeyCodec.PartitionHash(key);
        }

        return 0;
    }

    /// <summary>The table names of a TransactItems element ({"Put": {"TableName": ...}} and the like).</summary>
    public static string? TransactItemTable(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var action in element.EnumerateObject())
        {
            if (action.Value.ValueKind == JsonValueKind.Object && TableName(action.Value) is { } name)
            {
                return name;
            }
        }

        return null;
    }
}
