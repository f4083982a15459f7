using System.Globalization;
using System.Text.Json;
using Basalt.Api.Protocol;

namespace Basalt.Api.Tables;

/// <summary>Reads a Tags list ([{Key, Value}]) with DynamoDB's constraints.</summary>
public static class TagRules
{
    public static Dictionary<string, string>? Read(JsonElement body, ValidationErrors errors, string path)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!JsonParameters.TryGetArray(body, "Tags", out var array))
        {
            return null;
        }

        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var tag in array.EnumerateArray())
        {
            index++;
            if (tag.ValueKind != JsonValueKind.Object)
            {
                throw JsonParameters.Serialization("Unexpected value type in payload for member Tags: expected a structure");
            }

            var member = string.Create(CultureInfo.InvariantCulture, $"{path}.{index}.member");
            var key = JsonParameters.GetString(tag, "Key");
            var value = JsonParameters.GetString(tag, "Value");
            if (key is null)
            {
                errors.Null(member + ".key");
            }
            else if (key.Length is 0 or > 128)
            {
                errors.Add(ValidationErrors.Quote(key), member + ".key", key.Length == 0
                    ? "Member must have length greater than or equal to 1"
                    : "Member must have length less than or equal to 128");
            }

            if (value is null)
            {
                errors.Null(member + ".value");
            }
            else if (value.Length > 256)
            {
                errors.Add(ValidationErrors.Quote(value), member + ".value", "Member must have length less than or equal to 256");
            }

            if (key is not null && value is not null)
            {
                tags[key] = value;
            }
        }

        return tags;
    }
}
