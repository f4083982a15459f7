using System.Text.Json;
using Basalt.Model;

namespace Basalt.Api.Tables;

/// <summary>
/// Versioned JSON encoding of a <see cref="TableDefinition"/> in the meta column family.
/// Version 1: { "v": 1, "region", "name", "id", "uuid", "created" (unix ms), "pk": [name, type],
/// "sk": [name, type]?, "attrs": [[name, type]...], "billing", "rcu", "wcu", "inc", "dec",
/// "decToday", "billingUpdated", "deletionProtection", "class", "tags": {k: v} }.
/// </summary>
public static class TableDefinitionCodec
{
    public const int Version = 1;

    public static byte[] Encode(TableDefinition table)
    {
        ArgumentNullException.ThrowIfNull(table);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("v", Version);
            w.WriteString("region", table.Region);
            w.WriteString("name", table.Name);
            w.WriteNumber("id", table.Id);
            w.WriteString("uuid", table.Uuid);
            w.WriteNumber("created", table.CreationDateTime.ToUnixTimeMilliseconds());
            WriteKey(w, "pk", table.PartitionKey);
            if (table.SortKey is not null)
            {
                WriteKey(w, "sk", table.SortKey);
            }

            w.WriteStartArray("attrs");
            foreach (var a in table.AttributeDefinitions)
            {
                w.WriteStartArray();
                w.WriteStringValue(a.Name);
                w.WriteStringValue(a.Kind.ToString());
                w.WriteEndArray();
            }

            w.WriteEndArray();
            w.WriteString("billing", table.BillingMode.ToString());
            w.WriteNumber("rcu", table.ReadCapacityUnits);
            w.WriteNumber("wcu", table.WriteCapacityUnits);
            WriteTime(w, "inc", table.LastIncreaseDateTime);
            WriteTime(w, "dec", table.LastDecreaseDateTime);
            w.WriteNumber("decToday", table.NumberOfDecreasesToday);
            WriteTime(w, "billingUpdated", table.LastBillingModeUpdate);
            w.WriteBoolean("deletionProtection", table.DeletionProtectionEnabled);
            w.WriteString("class", table.TableClass);
            w.WriteStartObject("tags");
            foreach (var (k, v) in table.Tags)
            {
                w.WriteString(k, v);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static TableDefinition Decode(ReadOnlySpan<byte> data)
    {
        using var doc = JsonDocument.Parse(data.ToArray());
        var r = doc.RootElement;
        var version = r.GetProperty("v").GetInt32();
        if (version != Version)
        {
            throw new CorruptDataException($"Unsupported table definition version {version}");
        }

        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var t in r.GetProperty("tags").EnumerateObject())
        {
            tags[t.Name] = t.Value.GetString()!;
        }

        return new TableDefinition
        {
            Region = r.GetProperty("region").GetString()!,
            Name = r.GetProperty("name").GetString()!,
            Id = r.GetProperty("id").GetUInt64(),
            Uuid = r.GetProperty("uuid").GetString()!,
            CreationDateTime = DateTimeOffset.FromUnixTimeMilliseconds(r.GetProperty("created").GetInt64()),
            PartitionKey = ReadKey(r.GetProperty("pk")),
            SortKey = r.TryGetProperty("sk", out var sk) ? ReadKey(sk) : null,
            AttributeDefinitions = r.GetProperty("attrs").EnumerateArray().Select(ReadKey).ToArray(),
            BillingMode = Enum.Parse<BillingMode>(r.GetProperty("billing").GetString()!),
            ReadCapacityUnits = r.GetProperty("rcu").GetInt64(),
            WriteCapacityUnits = r.GetProperty("wcu").GetInt64(),
            LastIncreaseDateTime = ReadTime(r, "inc"),
            LastDecreaseDateTime = ReadTime(r, "dec"),
            NumberOfDecreasesToday = r.GetProperty("decToday").GetInt32(),
            LastBillingModeUpdate = ReadTime(r, "billingUpdated"),
            DeletionProtectionEnabled = r.GetProperty("deletionProtection").GetBoolean(),
            TableClass = r.GetProperty("class").GetString()!,
            Tags = tags,
        };
    }

    private static void WriteKey(Utf8JsonWriter w, string name, KeyAttribute key)
    {
        w.WriteStartArray(name);
        w.WriteStringValue(key.Name);
        w.WriteStringValue(key.Kind.ToString());
        w.WriteEndArray();
    }

    private static KeyAttribute ReadKey(JsonElement e) =>
        new(e[0].GetString()!, Enum.Parse<AttributeKind>(e[1].GetString()!));

    private static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset? time)
    {
        if (time is { } t)
        {
            w.WriteNumber(name, t.ToUnixTimeMilliseconds());
        }
    }

    private static DateTimeOffset? ReadTime(JsonElement r, string name) =>
        r.TryGetProperty(name, out var e) ? DateTimeOffset.FromUnixTimeMilliseconds(e.GetInt64()) : null;
}
