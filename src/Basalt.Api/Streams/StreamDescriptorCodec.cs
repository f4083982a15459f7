using System.Globalization;
using System.Text;
using System.Text.Json;
using Basalt.Api.Tables;
using Basalt.Model;

namespace Basalt.Api.Streams;

/// <summary>
/// Versioned JSON form of a <see cref="StreamDescriptor"/> in the meta column family, under
/// "stream/{tableId:x16}/{created ms:x16}". Version 1: { "v": 1, "region", "table", "tableId",
/// "label", "view", "created" (unix ms), "pk": [name, type], "sk"?, "disabled"? (unix ms),
/// "shards": [{ "i", "id", "parent"?, "lo", "hi", "start", "end"?, "trimmed" }] }.
/// Sequence numbers and hashes are written as decimal strings (they exceed JSON's safe integers).
/// </summary>
public static class StreamDescriptorCodec
{
    public const int Version = 1;
    public const string KeyPrefix = "stream/";

    public static byte[] Key(ulong tableId, long createdMs) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{KeyPrefix}{tableId:x16}/{createdMs:x16}"));

    public static byte[] Key(StreamDescriptor stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Key(stream.TableId, stream.CreatedMilliseconds);
    }

    public static byte[] Encode(StreamDescriptor stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("v", Version);
            w.WriteString("region", stream.Region);
            w.WriteString("table", stream.TableName);
            w.WriteString("tableId", Text(stream.TableId));
            w.WriteString("label", stream.Label);
            w.WriteString("view", stream.ViewType);
            w.WriteNumber("created", stream.CreatedMilliseconds);
            WriteKey(w, "pk", stream.PartitionKey);
            if (stream.SortKey is not null)
            {
                WriteKey(w, "sk", stream.SortKey);
            }

            if (stream.DisabledAt is { } disabled)
            {
                w.WriteNumber("disabled", disabled.ToUnixTimeMilliseconds());
            }

            w.WriteStartArray("shards");
            foreach (var shard in stream.Shards)
            {
                w.WriteStartObject();
                w.WriteNumber("i", shard.Index);
                w.WriteString("id", shard.Id);
                if (shard.ParentIndex is { } parent)
                {
                    w.WriteNumber("parent", parent);
                }

                w.WriteString("lo", Text(shard.HashLow));
                w.WriteString("hi", Text(shard.HashHigh));
                w.WriteString("start", Text(shard.StartingSequence));
                if (shard.EndingSequence is { } end)
                {
                    w.WriteString("end", Text(end));
                }

                w.WriteString("trimmed", Text(shard.TrimmedThrough));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static StreamDescriptor Decode(ReadOnlySpan<byte> data)
    {
        using var doc = JsonDocument.Parse(data.ToArray());
        var r = doc.RootElement;
        var version = r.GetProperty("v").GetInt32();
        if (version != Version)
        {
            throw new CorruptDataException($"Unsupported stream descriptor version {version}");
        }

        var shards = new List<StreamShard>();
        foreach (var s in r.GetProperty("shards").EnumerateArray())
        {
            shards.Add(new StreamShard(
                s.GetProperty("i").GetInt32(),
                s.GetProperty("id").GetString()!,
                s.TryGetProperty("parent", out var parent) ? parent.GetInt32() : null,
                Number(s.GetProperty("lo")),
                Number(s.GetProperty("hi")),
                Number(s.GetProperty("start")),
                s.TryGetProperty("end", out var end) ? Number(end) : null,
                Number(s.GetProperty("trimmed"))));
        }

        return new StreamDescriptor
        {
            Region = r.GetProperty("region").GetString()!,
            TableName = r.GetProperty("table").GetString()!,
            TableId = Number(r.GetProperty("tableId")),
            Label = r.GetProperty("label").GetString()!,
            ViewType = r.GetProperty("view").GetString()!,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetProperty("created").GetInt64()),
            PartitionKey = ReadKey(r.GetProperty("pk")),
            SortKey = r.TryGetProperty("sk", out var sk) ? ReadKey(sk) : null,
            DisabledAt = r.TryGetProperty("disabled", out var disabled) ? DateTimeOffset.FromUnixTimeMilliseconds(disabled.GetInt64()) : null,
            Shards = shards,
        };
    }

    private static string Text(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    private static ulong Number(JsonElement e) => ulong.Parse(e.GetString()!, NumberStyles.None, CultureInfo.InvariantCulture);

    private static void WriteKey(Utf8JsonWriter w, string name, KeyAttribute key)
    {
        w.WriteStartArray(name);
        w.WriteStringValue(key.Name);
        w.WriteStringValue(key.Kind.ToString());
        w.WriteEndArray();
    }

    private static KeyAttribute ReadKey(JsonElement e) =>
        new(e[0].GetString()!, Enum.Parse<AttributeKind>(e[1].GetString()!));
}
