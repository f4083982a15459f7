using System.Text.Json;
using Basalt.Model;

namespace Basalt.Api.Tables;

/// <summary>
/// Versioned JSON encoding of a <see cref="TableDefinition"/> in the meta column family.
/// Version 1: { "v": 1, "region", "name", "id", "uuid", "created" (unix ms), "pk": [name, type],
/// "sk": [name, type]?, "attrs": [[name, type]...], "billing", "rcu", "wcu", "inc", "dec",
/// "decToday", "billingUpdated", "onDemandSwitches"? ([unix ms]), "deletionProtection", "partitions"? (default 1), "class", "tags": {k: v}, and optionally
/// "lsi"/"gsi": [{name, id, pk, sk?, proj, nonKey, status, rcu, wcu}], "stream": {enabled, view,
/// label, created}, "ttl": {attr, enabled} }. Readers treat absent optional members as unset, so
/// version 1 data written before indexes/streams/TTL existed still reads.
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
            if (table.OnDemandSwitches.Count > 0)
            {
                w.WriteStartArray("onDemandSwitches");
                foreach (var time in table.OnDemandSwitches)
                {
                    w.WriteNumberValue(time.ToUnixTimeMilliseconds());
                }

                w.WriteEndArray();
            }

            w.WriteBoolean("deletionProtection", table.DeletionProtectionEnabled);
            w.WriteNumber("partitions", table.PartitionCount);
            w.WriteString("class", table.TableClass);
            w.WriteStartObject("tags");
            foreach (var (k, v) in table.Tags)
            {
                w.WriteString(k, v);
            }

            w.WriteEndObject();
            WriteIndexes(w, "lsi", table.LocalIndexes);
            WriteIndexes(w, "gsi", table.GlobalIndexes);
            if (table.Stream is { } stream)
            {
                w.WriteStartObject("stream");
                w.WriteBoolean("enabled", stream.Enabled);
                w.WriteString("view", stream.ViewType);
                w.WriteString("label", stream.Label);
                w.WriteNumber("created", stream.CreatedAt.ToUnixTimeMilliseconds());
                w.WriteEndObject();
            }

            if (table.TimeToLive is { } ttl)
            {
                w.WriteStartObject("ttl");
                w.WriteString("attr", ttl.AttributeName);
                w.WriteBoolean("enabled", ttl.Enabled);
                w.WriteEndObject();
            }

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
            OnDemandSwitches = r.TryGetProperty("onDemandSwitches", out var switches)
                ? switches.EnumerateArray().Select(t => DateTimeOffset.FromUnixTimeMilliseconds(t.GetInt64())).ToArray()
                : [],
            DeletionProtectionEnabled = r.GetProperty("deletionProtection").GetBoolean(),
            PartitionCount = r.TryGetProperty("partitions", out var partitions) ? partitions.GetInt32() : 1,
            TableClass = r.GetProperty("class").GetString()!,
            Tags = tags,
            LocalIndexes = ReadIndexes(r, "lsi", isGlobal: false),
            GlobalIndexes = ReadIndexes(r, "gsi", isGlobal: true),
            Stream = r.TryGetProperty("stream", out var stream)
                ? new StreamSettings(
                    stream.GetProperty("enabled").GetBoolean(),
                    stream.GetProperty("view").GetString()!,
                    stream.GetProperty("label").GetString()!,
                    DateTimeOffset.FromUnixTimeMilliseconds(stream.GetProperty("created").GetInt64()))
                : null,
            TimeToLive = r.TryGetProperty("ttl", out var ttl)
                ? new TimeToLiveSettings(ttl.GetProperty("attr").GetString()!, ttl.GetProperty("enabled").GetBoolean())
                : null,
        };
    }

    private static void WriteIndexes(Utf8JsonWriter w, string name, IReadOnlyList<IndexDefinition> indexes)
    {
        if (indexes.Count == 0)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var index in indexes)
        {
            w.WriteStartObject();
            w.WriteString("name", index.Name);
            w.WriteNumber("id", index.Id);
            WriteKey(w, "pk", index.PartitionKey);
            if (index.SortKey is not null)
            {
                WriteKey(w, "sk", index.SortKey);
            }

            w.WriteString("proj", index.Projection.ToString());
            w.WriteStartArray("nonKey");
            foreach (var attribute in index.NonKeyAttributes)
            {
                w.WriteStringValue(attribute);
            }

            w.WriteEndArray();
            w.WriteString("status", index.Status);
            w.WriteNumber("rcu", index.ReadCapacityUnits);
            w.WriteNumber("wcu", index.WriteCapacityUnits);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static IndexDefinition[] ReadIndexes(JsonElement r, string name, bool isGlobal)
    {
        if (!r.TryGetProperty(name, out var array))
        {
            return [];
        }

        return array.EnumerateArray().Select(e => new IndexDefinition
        {
            Name = e.GetProperty("name").GetString()!,
            Id = e.GetProperty("id").GetUInt64(),
            IsGlobal = isGlobal,
            PartitionKey = ReadKey(e.GetProperty("pk")),
            SortKey = e.TryGetProperty("sk", out var sk) ? ReadKey(sk) : null,
            Projection = Enum.Parse<ProjectionKind>(e.GetProperty("proj").GetString()!),
            NonKeyAttributes = e.GetProperty("nonKey").EnumerateArray().Select(a => a.GetString()!).ToArray(),
            Status = e.GetProperty("status").GetString()!,
            ReadCapacityUnits = e.GetProperty("rcu").GetInt64(),
            WriteCapacityUnits = e.GetProperty("wcu").GetInt64(),
        }).ToArray();
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
