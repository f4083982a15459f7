using System.Globalization;
using System.Text.Json;
using Basalt.Api.Protocol;
using Basalt.Model;

namespace Basalt.Api.Items;

/// <summary>Select, Limit and ExclusiveStartKey of Query and Scan.</summary>
public static class SelectRules
{
    /// <summary>Reads Select; returns true when only the count is wanted.</summary>
    public static string? ReadSelect(JsonElement body, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var select = JsonParameters.GetString(body, "Select");
        if (select is not (null or "ALL_ATTRIBUTES" or "ALL_PROJECTED_ATTRIBUTES" or "SPECIFIC_ATTRIBUTES" or "COUNT"))
        {
            errors.Add(ValidationErrors.Quote(select), "select", "Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]");
        }

        return select;
    }

    public static int? ReadLimit(JsonElement body, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var limit = JsonParameters.GetInt64(body, "Limit");
        if (limit is < 1)
        {
            errors.Add(ValidationErrors.Quote(limit.Value.ToString(CultureInfo.InvariantCulture)), "limit", "Member must have value greater than or equal to 1");
            return null;
        }

        return limit is null ? null : (int)Math.Min(limit.Value, int.MaxValue);
    }

    /// <summary>
    /// Checks Select against the projection; returns whether only COUNT is wanted. Query wraps
    /// these messages in the "1 validation error detected: " envelope, Scan does not (as DynamoDB).
    /// </summary>
    public static bool CheckSelect(string? select, JsonElement body, bool hasIndex, bool isQuery)
    {
        var projectionMember = JsonParameters.TryGet(body, "ProjectionExpression", out _) ? "ProjectionExpression"
            : JsonParameters.TryGet(body, "AttributesToGet", out _) ? "AttributesToGet" : null;
        var envelope = isQuery ? "1 validation error detected: " : string.Empty;
        switch (select)
        {
            case "COUNT" when projectionMember is not null:
                throw new ValidationException($"{envelope}Cannot specify the {projectionMember} when choosing to get only the Count");
            case "ALL_ATTRIBUTES" when projectionMember is not null:
                throw new ValidationException($"{envelope}Cannot specify the {projectionMember} when choosing to get ALL_ATTRIBUTES");
            case "ALL_PROJECTED_ATTRIBUTES" when projectionMember is not null:
                throw new ValidationException($"{envelope}Cannot specify the {projectionMember} when choosing to get ALL_PROJECTED_ATTRIBUTES");
            case "ALL_PROJECTED_ATTRIBUTES" when !hasIndex:
                throw new ValidationException($"{envelope}ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
            case "SPECIFIC_ATTRIBUTES" when projectionMember is null:
                throw new ValidationException($"{envelope}Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES");
        }

        return select == "COUNT";
    }

    /// <summary>Validates ExclusiveStartKey against the key schema and encodes it.</summary>
    public static byte[]? ReadExclusiveStartKey(JsonElement body, ReadTarget target)
    {
        var start = JsonParameters.GetItem(body, "ExclusiveStartKey");
        if (start is null)
        {
            return null;
        }

        try
        {
            return target.StartKeyOf(start);
        }
        catch (ValidationException error)
        {
            throw new ValidationException("The provided starting key is invalid: " + error.Message);
        }
    }
}
