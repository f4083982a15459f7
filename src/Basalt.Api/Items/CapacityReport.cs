using System.Text.Json;
using Basalt.Api.Protocol;

namespace Basalt.Api.Items;

/// <summary>ReturnConsumedCapacity: NONE, TOTAL or INDEXES, and the ConsumedCapacity object it asks for.</summary>
public enum CapacityReport
{
    None,
    Total,
    Indexes,
}

/// <summary>Reading and writing consumed capacity.</summary>
public static class ConsumedCapacityWriter
{
    public static CapacityReport Read(JsonElement body, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var value = JsonParameters.GetString(body, "ReturnConsumedCapacity");
        switch (value)
        {
            case null or "NONE":
                return CapacityReport.None;
            case "TOTAL":
                return CapacityReport.Total;
            case "INDEXES":
                return CapacityReport.Indexes;
            default:
                errors.Add(ValidationErrors.Quote(value), "returnConsumedCapacity", "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]");
                return CapacityReport.None;
        }
    }

    /// <summary>Records what one table consumed and writes "ConsumedCapacity": {...} when asked for.</summary>
    public static void Write(Utf8JsonWriter w, RequestContext context, CapacityReport report, string tableName, double units, bool isRead)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(context);
        context.Consumed.Record(tableName, units, isRead);
        if (report == CapacityReport.None)
        {
            return;
        }

        w.WritePropertyName("ConsumedCapacity");
        WriteObject(w, report, tableName, units);
    }

    /// <summary>Writes one ConsumedCapacity object (also used in the arrays of batch operations).</summary>
    public static void WriteObject(Utf8JsonWriter w, CapacityReport report, string tableName, double units)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteStartObject();
        w.WriteString("TableName", tableName);
        w.WriteNumber("CapacityUnits", units);
        if (report == CapacityReport.Indexes)
        {
            w.WriteStartObject("Table");
            w.WriteNumber("CapacityUnits", units);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }
}
