using System.Runtime.InteropServices;
using System.Text.Json;

namespace Basalt.Model;

/// <summary>
/// One pass over a JSON attribute value: serialization errors throw at once, the first validation
/// error (in document order) is kept in <see cref="Error"/> and reading goes on.
/// </summary>
internal sealed class AttributeValueJsonReader
{
    private const int SmallSetLimit = 16;

    public string? Error { get; private set; }

    private void Fail(string message) => Error ??= message;

    public Item ReadMap(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Serialization(element.ValueKind == JsonValueKind.Array ? "Start of list found where not expected" : "Expected map or null");
        }

        var item = new Item();
        foreach (JsonProperty property in element.EnumerateObject())
        {
            item[property.Name] = ReadValue(property.Value, 1);
        }

        return item;
    }

    public AttributeValue ReadValue(JsonElement element, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                break;
            case JsonValueKind.Null:
                Fail(AttributeValueMessages.Empty);
                return AttributeValue.Null;
            case JsonValueKind.Array:
                throw Serialization("Start of list found where not expected");
            default:
                throw Serialization("Expected null");
        }

        if (depth > Limits.MaxNestingDepth)
        {
            Fail(AttributeValueMessages.NestingTooDeep);
            return AttributeValue.Null;
        }

        AttributeValue? result = null;
        int types = 0;
        foreach (JsonProperty property in element.EnumerateObject())
        {
            JsonElement payload = property.Value;
            if (payload.ValueKind == JsonValueKind.Null)
            {
                continue; // an explicit null is an absent member
            }

            AttributeValue? value = ReadPayload(property, payload, depth);
            if (value is null)
            {
                continue; // not a data type member
            }

            types++;
            result ??= value;
        }

        if (types == 0)
        {
            Fail(AttributeValueMessages.Empty);
            return AttributeValue.Null;
        }

        if (types > 1)
        {
            Fail(AttributeValueMessages.MoreThanOneType);
        }

        return result!;
    }

    private AttributeValue? ReadPayload(JsonProperty property, JsonElement payload, int depth)
    {
        if (property.NameEquals("S"))
        {
            return ReadS(payload);
        }

        if (property.NameEquals("N"))
        {
            return AttributeValue.FromNumber(ReadNumber(payload));
        }

        if (property.NameEquals("B"))
        {
            return AttributeValue.FromBinary(ReadBinary(payload));
        }

        if (property.NameEquals("BOOL"))
        {
            return AttributeValue.FromBool(ReadBoolean(payload));
        }

        if (property.NameEquals("NULL"))
        {
            if (!ReadBoolean(payload))
            {
                Fail(AttributeValueMessages.NullNotTrue);
            }

            return AttributeValue.Null;
        }

        if (property.NameEquals("M"))
        {
            return ReadMapPayload(payload, depth);
        }

        if (property.NameEquals("L"))
        {
            return ReadListPayload(payload, depth);
        }

        if (property.NameEquals("SS"))
        {
            return ReadStringSet(payload);
        }

        if (property.NameEquals("NS"))
        {
            return ReadNumberSet(payload);
        }

        if (property.NameEquals("BS"))
        {
            return ReadBinarySet(payload);
        }

        return null; // unknown members are ignored, as DynamoDB's deserialiser does
    }

    private AttributeValue ReadMapPayload(JsonElement payload, int depth)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            throw Serialization(payload.ValueKind == JsonValueKind.Array ? "Start of list found where not expected" : "Expected map or null");
        }

        var map = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (JsonProperty entry in payload.EnumerateObject())
        {
            map[entry.Name] = ReadValue(entry.Value, depth + 1);
        }

        return AttributeValue.FromMap(map);
    }

    private AttributeValue ReadListPayload(JsonElement payload, int depth)
    {
        RequireArray(payload);
        var list = new AttributeValue[payload.GetArrayLength()];
        int i = 0;
        foreach (JsonElement member in payload.EnumerateArray())
        {
            list[i++] = ReadValue(member, depth + 1);
        }

        return AttributeValue.FromList(list);
    }

    private AttributeValue ReadStringSet(JsonElement payload)
    {
        RequireArray(payload);
        var set = new string[payload.GetArrayLength()];
        int i = 0;
        foreach (JsonElement member in payload.EnumerateArray())
        {
            set[i++] = ReadString(member);
        }

        if (set.Length == 0)
        {
            Fail(AttributeValueMessages.EmptyStringSet);
        }
        else
        {
            int repeat = FirstRepeat(set, StringComparer.Ordinal);
            if (repeat >= 0)
            {
                Fail(AttributeValueMessages.StringSetDuplicates(set, repeat));
            }
        }

        return AttributeValue.FromStringSet(set);
    }

    private AttributeValue ReadNumberSet(JsonElement payload)
    {
        RequireArray(payload);
        var set = new DynamoNumber[payload.GetArrayLength()];
        int i = 0;
        foreach (JsonElement member in payload.EnumerateArray())
        {
            set[i++] = ReadNumber(member);
        }

        if (set.Length == 0)
        {
            Fail(AttributeValueMessages.EmptyNumberSet);
        }
        else if (FirstRepeat(set, EqualityComparer<DynamoNumber>.Default) >= 0)
        {
            Fail(AttributeValueMessages.NumberSetDuplicates);
        }

        return AttributeValue.FromNumberSet(set);
    }

    private AttributeValue ReadBinarySet(JsonElement payload)
    {
        RequireArray(payload);
        var set = new byte[payload.GetArrayLength()][];
        int i = 0;
        foreach (JsonElement member in payload.EnumerateArray())
        {
            set[i++] = ReadBinary(member);
        }

        if (set.Length == 0)
        {
            Fail(AttributeValueMessages.EmptyBinarySet);
        }
        else
        {
            int repeat = FirstRepeat(set, ByteArrayComparer.Instance);
            if (repeat >= 0)
            {
                Fail(AttributeValueMessages.BinarySetDuplicates(set, repeat));
            }
        }

        return AttributeValue.FromBinarySet(set);
    }

    /// <summary>Index of the first member equal to an earlier one, or -1.</summary>
    private static int FirstRepeat<T>(T[] members, IEqualityComparer<T> comparer)
    {
        if (members.Length <= SmallSetLimit)
        {
            for (int i = 1; i < members.Length; i++)
            {
                for (int j = 0; j < i; j++)
                {
                    if (comparer.Equals(members[i], members[j]))
                    {
                        return i;
                    }
                }
            }

            return -1;
        }

        var seen = new HashSet<T>(members.Length, comparer);
        for (int i = 0; i < members.Length; i++)
        {
            if (!seen.Add(members[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// An S payload: kept as the request's UTF-8 bytes when the JSON string has no escapes (nearly always),
    /// so that storing it, sizing it and answering with it never goes through a .NET string.
    /// </summary>
    private static AttributeValue ReadS(JsonElement payload)
    {
        if (payload.ValueKind == JsonValueKind.String && TryGetUnescapedUtf8(payload, out var text) && System.Text.Unicode.Utf8.IsValid(text))
        {
            return AttributeValue.FromUtf8(text.ToArray());
        }

        return AttributeValue.FromString(ReadString(payload));
    }

    /// <summary>A JSON string's text as its raw UTF-8 (quotes stripped) when it holds no escapes; false when it must be unescaped.</summary>
    private static bool TryGetUnescapedUtf8(JsonElement payload, out ReadOnlySpan<byte> text)
    {
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(payload);
        if (raw.Length >= 2 && raw.IndexOf((byte)'\\') < 0)
        {
            text = raw[1..^1];
            return true;
        }

        text = default;
        return false;
    }

    private static string ReadString(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.String)
        {
            throw Unexpected(payload, "String");
        }

        return payload.GetString()!;
    }

    private DynamoNumber ReadNumber(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.String)
        {
            throw Unexpected(payload, "String");
        }

        // Parse straight from the raw UTF-8 unless it holds escapes.
        DynamoNumber number;
        string? error;
        if (TryGetUnescapedUtf8(payload, out var text))
        {
            DynamoNumber.TryParse(text, out number, out error);
        }
        else
        {
            DynamoNumber.TryParse(payload.GetString().AsSpan(), out number, out error);
        }

        if (error is not null)
        {
            Fail(error);
        }

        return number;
    }

    private static byte[] ReadBinary(JsonElement payload)
    {
        string text = ReadBlobText(payload);
        if (text.Length % 4 != 0)
        {
            throw Serialization($"'{text}' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: {text.Length}");
        }

        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool valid = c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '+' or '/'
                || (c == '=' && (i == text.Length - 1 || (i == text.Length - 2 && text[^1] == '=')));
            if (!valid)
            {
                throw Serialization($"'{text}' can not be converted to a Blob: Invalid Base64 character: '{c}'");
            }
        }

        return Convert.FromBase64String(text);
    }

    private static string ReadBlobText(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.String)
        {
            throw Unexpected(payload, "Blob");
        }

        return payload.GetString()!;
    }

    private static bool ReadBoolean(JsonElement payload) => payload.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Unexpected(payload, "Boolean"),
    };

    private static void RequireArray(JsonElement payload)
    {
        if (payload.ValueKind == JsonValueKind.Array)
        {
            return;
        }

        throw Serialization(payload.ValueKind == JsonValueKind.Object ? "Start of structure or map found where not expected." : "Expected list or null");
    }

    private static DynamoDbException Unexpected(JsonElement payload, string expectedType) => payload.ValueKind switch
    {
        JsonValueKind.Object => Serialization("Start of structure or map found where not expected."),
        JsonValueKind.Array => Serialization("Start of list found where not expected"),
        JsonValueKind.Number => Serialization($"NUMBER_VALUE cannot be converted to {expectedType}"),
        JsonValueKind.String => Serialization($"STRING_VALUE cannot be converted to {expectedType}"),
        _ => Serialization($"BOOLEAN_VALUE cannot be converted to {expectedType}"),
    };

    private static DynamoDbException Serialization(string message) => new("SerializationException", message);
}
