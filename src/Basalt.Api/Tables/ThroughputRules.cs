using System.Globalization;
using System.Text.Json;
using Basalt.Api.Protocol;

namespace Basalt.Api.Tables;

/// <summary>Reads ProvisionedThroughput and BillingMode with DynamoDB's constraints.</summary>
public static class ThroughputRules
{
    public const long MaxUnits = 40000;

    public static BillingMode? ReadBillingMode(JsonElement body, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var mode = JsonParameters.GetString(body, "BillingMode");
        switch (mode)
        {
            case null:
                return null;
            case "PROVISIONED":
                return BillingMode.PROVISIONED;
            case "PAY_PER_REQUEST":
                return BillingMode.PAY_PER_REQUEST;
            default:
                errors.Add(ValidationErrors.Quote(mode), "billingMode", "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");
                return null;
        }
    }

    /// <summary>Reads ProvisionedThroughput; null when absent.</summary>
    public static (long Read, long Write)? ReadThroughput(JsonElement body, ValidationErrors errors, string path = "provisionedThroughput")
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!JsonParameters.TryGetObject(body, "ProvisionedThroughput", out var throughput))
        {
            return null;
        }

        var read = JsonParameters.GetInt64(throughput, "ReadCapacityUnits");
        var write = JsonParameters.GetInt64(throughput, "WriteCapacityUnits");
        Check(read, path + ".readCapacityUnits", errors);
        Check(write, path + ".writeCapacityUnits", errors);
        return (read ?? 0, write ?? 0);
    }

    /// <summary>The semantic checks once the request is well-formed.</summary>
    public static void CheckUnitsLimit(long read, long write)
    {
        if (read > MaxUnits || write > MaxUnits)
        {
            throw new Basalt.Model.DynamoDbException(
                "LimitExceededException",
                string.Create(CultureInfo.InvariantCulture, $"Subscriber limit exceeded: Provisioned throughput for the table cannot exceed {MaxUnits} read or write capacity units"));
        }
    }

    private static void Check(long? units, string path, ValidationErrors errors)
    {
        if (units is null)
        {
            errors.Null(path);
        }
        else if (units < 1)
        {
            errors.Add(ValidationErrors.Quote(units.Value.ToString(CultureInfo.InvariantCulture)), path, "Member must have value greater than or equal to 1");
        }
    }
}
