using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Basalt.Model;

namespace Basalt.Api.Protocol;

/// <summary>
/// Typed access to request members. A member of the wrong JSON type is a SerializationException,
/// as DynamoDB's JSON layer reports it; a missing optional member is null.
/// </summary>
public static class JsonParameters
{
    public static bool TryGet(JsonElement body, string name, out JsonElement value)
    {
        if (body.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }

    public static string? GetString(JsonElement body, string name)
    {
        if (!TryGet(body, name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw Serialization($"Unexpected value type in payload for member {name}: expected a string");
        }

        return value.GetString();
    }

    public static bool? GetBool(JsonElement body, string name)
    {
        if (!TryGet(body, name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Serialization($"Unexpected value type in payload for member {name}: expected a boolean"),
        };
    }

    public static long? GetInt64(JsonElement body, string name)
    {
        if (!TryGet(body, name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            throw Serialization($"Unexpected value type in payload for member {name}: expected a number");
        }

        if (value.TryGetInt64(out var result))
        {
            return result;
        }

        if (value.TryGetDouble(out var d) && d == Math.Floor(d))
        {
            return d > 0 ? long.MaxValue : long.MinValue;
        }

        throw Serialization($"Unexpected value for member {name}: expected an integer");
    }

    public static bool TryGetObject(JsonElement body, string name, out JsonElement value)
    {
        if (!TryGet(body, name, out value))
        {
            return false;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Serialization($"Unexpected value type in payload for member {name}: expected a structure");
        }

        return true;
    }

    public static bool TryGetArray(JsonElement body, string name, out JsonElement value)
    {
        if (!TryGet(body, name, out value))
        {
            return false;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Serialization($"Unexpected value type in payload for member {name}: expected a list");
        }

        return true;
    }

    /// <summary>Reads a map of attribute name → AttributeValue (Item, Key, ExclusiveStartKey...).</summary>
    public static Item? GetItem(JsonElement body, string name)
    {
        return TryGetObject(body, name, out var value) ? AttributeValueJson.ReadItem(value) : null;
    }

    /// <summary>Reads a map of string → string (ExpressionAttributeNames).</summary>
    public static Dictionary<string, string>? GetStringMap(JsonElement body, string name)
    {
        if (!TryGetObject(body, name, out var value))
        {
            return null;
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw Serialization($"Unexpected value type in payload for member {name}: expected a string");
            }

            map[property.Name] = property.Value.GetString()!;
        }

        return map;
    }

    /// <summary>Reads a map of string → AttributeValue (ExpressionAttributeValues).</summary>
    public static Dictionary<string, AttributeValue>? GetValueMap(JsonElement body, string name)
    {
        if (!TryGetObject(body, name, out var value))
        {
            return null;
        }

        var map = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            map[property.Name] = AttributeValueJson.Read(property.Value);
        }

        return map;
    }

    [SuppressMessage("Design", "CA1024", Justification = "Factory of an exception, not a property.")]
    public static DynamoDbException Serialization(string message) => new("SerializationException", message);
}
