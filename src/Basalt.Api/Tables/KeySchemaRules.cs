using System.Globalization;
using System.Text.Json;
using Basalt.Api.Protocol;
using Basalt.Model;

namespace Basalt.Api.Tables;

/// <summary>
/// KeySchema and AttributeDefinitions as CreateTable, its indexes and UpdateTable's index
/// creation read them, with DynamoDB's constraint messages.
/// </summary>
public static class KeySchemaRules
{
    public static List<(string Name, string Type)>? ReadKeySchema(JsonElement body, ValidationErrors errors, string path = "keySchema")
    {
        if (!JsonParameters.TryGetArray(body, "KeySchema", out var array))
        {
            errors.Null(path);
            return null;
        }

        var result = new List<(string, string)>();
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            index++;
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw JsonParameters.Serialization("Unexpected value type in payload for member KeySchema: expected a structure");
            }

            var attributeName = JsonParameters.GetString(element, "AttributeName");
            var keyType = JsonParameters.GetString(element, "KeyType");
            var member = string.Create(CultureInfo.InvariantCulture, $"{path}.{index}.member");
            if (attributeName is null)
            {
                errors.Null(member + ".attributeName");
            }
            else if (attributeName.Length is 0 or > 255)
            {
                errors.Add(ValidationErrors.Quote(attributeName), member + ".attributeName", attributeName.Length == 0
                    ? "Member must have length greater than or equal to 1"
                    : "Member must have length less than or equal to 255");
            }

            if (keyType is null)
            {
                errors.Null(member + ".keyType");
            }
            else if (keyType is not ("HASH" or "RANGE"))
            {
                errors.Add(ValidationErrors.Quote(keyType), member + ".keyType", "Member must satisfy enum value set: [HASH, RANGE]");
            }

            result.Add((attributeName ?? string.Empty, keyType ?? string.Empty));
        }

        if (result.Count == 0)
        {
            errors.Add("'[]'", path, "Member must have length greater than or equal to 1");
        }
        else if (result.Count > 2)
        {
            errors.Add("'[" + string.Join(", ", result.Select(k => $"KeySchemaElement(attributeName={k.Item1}, keyType={k.Item2})")) + "]'", path, "Member must have length less than or equal to 2");
        }

        return result;
    }

    public static List<KeyAttribute>? ReadAttributeDefinitions(JsonElement body, ValidationErrors errors)
    {
        if (!JsonParameters.TryGetArray(body, "AttributeDefinitions", out var array))
        {
            errors.Null("attributeDefinitions");
            return null;
        }

        var result = new List<KeyAttribute>();
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            index++;
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw JsonParameters.Serialization("Unexpected value type in payload for member AttributeDefinitions: expected a structure");
            }

            var attributeName = JsonParameters.GetString(element, "AttributeName");
            var attributeType = JsonParameters.GetString(element, "AttributeType");
            var path = string.Create(CultureInfo.InvariantCulture, $"attributeDefinitions.{index}.member");
            if (attributeName is null)
            {
                errors.Null(path + ".attributeName");
            }

            var kind = AttributeKind.S;
            if (attributeType is null)
            {
                errors.Null(path + ".attributeType");
            }
            else if (attributeType is "S" or "N" or "B")
            {
                kind = Enum.Parse<AttributeKind>(attributeType);
            }
            else
            {
                errors.Add(ValidationErrors.Quote(attributeType), path + ".attributeType", "Member must satisfy enum value set: [B, N, S]");
            }

            result.Add(new KeyAttribute(attributeName ?? string.Empty, kind));
        }

        return result;
    }

    /// <summary>
    /// The HASH and optional RANGE attribute of a well-formed key schema (1–2 elements of valid
    /// key types); DynamoDB's messages when the order is wrong.
    /// </summary>
    public static (string Hash, string? Range) HashAndRange(List<(string Name, string Type)> keySchema)
    {
        ArgumentNullException.ThrowIfNull(keySchema);
        if (keySchema[0].Type != "HASH")
        {
            throw new ValidationException("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        }

        if (keySchema.Count == 2 && keySchema[1].Type != "RANGE")
        {
            throw new ValidationException("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
        }

        return (keySchema[0].Name, keySchema.Count == 2 ? keySchema[1].Name : null);
    }
}
