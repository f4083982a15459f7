using System.Text.Json;
using Basalt.Api.Protocol;
using Basalt.Model;

namespace Basalt.Api.Items;

/// <summary>ReturnValues and ReturnValuesOnConditionCheckFailure.</summary>
public enum ReturnValues
{
    None,
    AllOld,
    UpdatedOld,
    AllNew,
    UpdatedNew,
}

/// <summary>Parsing of the ReturnValues parameters with DynamoDB's constraint messages.</summary>
public static class ReturnValuesRules
{
    public static ReturnValues Read(JsonElement body, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var value = JsonParameters.GetString(body, "ReturnValues");
        switch (value)
        {
            case null or "NONE":
                return ReturnValues.None;
            case "ALL_OLD":
                return ReturnValues.AllOld;
            case "UPDATED_OLD":
                return ReturnValues.UpdatedOld;
            case "ALL_NEW":
                return ReturnValues.AllNew;
            case "UPDATED_NEW":
                return ReturnValues.UpdatedNew;
            default:
                errors.Add(ValidationErrors.Quote(value), "returnValues", "Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]");
                return ReturnValues.None;
        }
    }

    /// <summary>ReturnValuesOnConditionCheckFailure: true when ALL_OLD.</summary>
    public static bool ReadOnConditionCheckFailure(JsonElement body, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var value = JsonParameters.GetString(body, "ReturnValuesOnConditionCheckFailure");
        switch (value)
        {
            case null or "NONE":
                return false;
            case "ALL_OLD":
                return true;
            default:
                errors.Add(ValidationErrors.Quote(value), "returnValuesOnConditionCheckFailure", "Member must satisfy enum value set: [ALL_OLD, NONE]");
                return false;
        }
    }

    /// <summary>PutItem and DeleteItem accept only NONE and ALL_OLD.</summary>
    public static void RequireNoneOrAllOld(ReturnValues value)
    {
        if (value is not (ReturnValues.None or ReturnValues.AllOld))
        {
            throw new ValidationException("ReturnValues can only be ALL_OLD or NONE");
        }
    }

    /// <summary>ReturnItemCollectionMetrics: NONE or SIZE (metrics exist only for tables with local secondary indexes).</summary>
    public static bool ReadItemCollectionMetrics(JsonElement body, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var value = JsonParameters.GetString(body, "ReturnItemCollectionMetrics");
        if (value is not (null or "NONE" or "SIZE"))
        {
            errors.Add(ValidationErrors.Quote(value), "returnItemCollectionMetrics", "Member must satisfy enum value set: [SIZE, NONE]");
        }

        return value == "SIZE";
    }
}
