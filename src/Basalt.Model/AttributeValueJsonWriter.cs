using System.Text.Json;

namespace Basalt.Model;

internal static class AttributeValueJsonWriter
{
    private static readonly JsonEncodedText SName = JsonEncodedText.Encode("S");
    private static readonly JsonEncodedText NName = JsonEncodedText.Encode("N");
    private static readonly JsonEncodedText BName = JsonEncodedText.Encode("B");
    private static readonly JsonEncodedText BoolName = JsonEncodedText.Encode("BOOL");
    private static readonly JsonEncodedText NullName = JsonEncodedText.Encode("NULL");
    private static readonly JsonEncodedText MName = JsonEncodedText.Encode("M");
    private static readonly JsonEncodedText LName = JsonEncodedText.Encode("L");
    private static readonly JsonEncodedText SsName = JsonEncodedText.Encode("SS");
    private static readonly JsonEncodedText NsName = JsonEncodedText.Encode("NS");
    private static readonly JsonEncodedText BsName = JsonEncodedText.Encode("BS");

    public static void Write(Utf8JsonWriter writer, AttributeValue value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        switch (value.Kind)
        {
            case AttributeKind.S:
                if (value.HasUtf8)
                {
                    writer.WriteString(SName, value.Utf8);
                }
                else
                {
                    writer.WriteString(SName, value.S);
                }

                break;
            case AttributeKind.N:
                WriteNumber(writer, NName, value.N);
                break;
            case AttributeKind.B:
                writer.WriteBase64String(BName, value.B);
                break;
            case AttributeKind.BOOL:
                writer.WriteBoolean(BoolName, value.Bool);
                break;
            case AttributeKind.NULL:
                writer.WriteBoolean(NullName, true);
                break;
            case AttributeKind.M:
                writer.WritePropertyName(MName);
                WriteMap(writer, value.M!);
                break;
            case AttributeKind.L:
            {
                writer.WriteStartArray(LName);
                IReadOnlyList<AttributeValue> list = value.L!;
                for (int i = 0; i < list.Count; i++)
                {
                    Write(writer, list[i]);
                }

                writer.WriteEndArray();
                break;
            }

            case AttributeKind.SS:
            {
                writer.WriteStartArray(SsName);
                IReadOnlyList<string> set = value.SS!;
                for (int i = 0; i < set.Count; i++)
                {
                    writer.WriteStringValue(set[i]);
                }

                writer.WriteEndArray();
                break;
            }

            case AttributeKind.NS:
            {
                writer.WriteStartArray(NsName);
                IReadOnlyList<DynamoNumber> set = value.NS!;
                Span<char> buffer = stackalloc char[DynamoNumber.MaxFormattedLength];
                for (int i = 0; i < set.Count; i++)
                {
                    set[i].TryFormat(buffer, out int written);
                    writer.WriteStringValue(buffer[..written]);
                }

                writer.WriteEndArray();
                break;
            }

            case AttributeKind.BS:
            {
                writer.WriteStartArray(BsName);
                IReadOnlyList<byte[]> set = value.BS!;
                for (int i = 0; i < set.Count; i++)
                {
                    writer.WriteBase64StringValue(set[i]);
                }

                writer.WriteEndArray();
                break;
            }

            default:
                throw new ArgumentException($"Unknown attribute kind {value.Kind}", nameof(value));
        }

        writer.WriteEndObject();
    }

    public static void WriteMap(Utf8JsonWriter writer, IReadOnlyDictionary<string, AttributeValue> map)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(map);
        writer.WriteStartObject();
        foreach (KeyValuePair<string, AttributeValue> entry in map)
        {
            writer.WritePropertyName(entry.Key);
            Write(writer, entry.Value);
        }

        writer.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter writer, JsonEncodedText name, DynamoNumber number)
    {
        Span<char> buffer = stackalloc char[DynamoNumber.MaxFormattedLength];
        number.TryFormat(buffer, out int written);
        writer.WriteString(name, buffer[..written]);
    }
}
