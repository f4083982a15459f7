using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text.Json;
using Basalt.Model;

namespace Basalt.Api.Streams;

/// <summary>Writes a stream record as GetRecords returns it.</summary>
public static class StreamRecordJson
{
    public const string ServicePrincipal = "dynamodb.amazonaws.com";

    public static void Write(Utf8JsonWriter w, StreamDescriptor stream, int shardIndex, ulong sequence, StreamRecord record)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(record);
        w.WriteStartObject();
        w.WriteString("awsRegion", stream.Region);
        w.WriteStartObject("dynamodb");
        w.WriteNumber("ApproximateCreationDateTime", record.CreatedMilliseconds / 1000);
        w.WritePropertyName("Keys");
        AttributeValueJson.WriteItem(w, record.Keys);
        if (record.NewImage is not null)
        {
            w.WritePropertyName("NewImage");
            AttributeValueJson.WriteItem(w, record.NewImage);
        }

        if (record.OldImage is not null)
        {
            w.WritePropertyName("OldImage");
            AttributeValueJson.WriteItem(w, record.OldImage);
        }

        w.WriteString("SequenceNumber", StreamErrors.FormatSequence(sequence));
        w.WriteNumber("SizeBytes", record.SizeBytes);
        w.WriteString("StreamViewType", stream.ViewType);
        w.WriteEndObject();
        w.WriteString("eventID", EventId(stream, shardIndex, sequence));
        w.WriteString("eventName", record.EventName.ToString());
        w.WriteString("eventSource", "aws:dynamodb");
        w.WriteString("eventVersion", "1.1");
        if (record.ByService)
        {
            w.WriteStartObject("userIdentity");
            w.WriteString("PrincipalId", ServicePrincipal);
            w.WriteString("Type", "Service");
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <summary>A stable id per record: 32 hex digits of a hash of where it is stored.</summary>
    public static string EventId(StreamDescriptor stream, int shardIndex, ulong sequence)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var key = StreamRecordKeys.Record(stream, shardIndex, sequence);
        Span<byte> hash = stackalloc byte[16];
        XxHash128.Hash(key, hash);
        return Convert.ToHexStringLower(hash);
    }
}
