using System.Globalization;
using System.Text.Json;
using Basalt.Api.Admission;
using Basalt.Api.Protocol;
using Basalt.Model;

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

    /// <summary>Decreases any time of the UTC day: the first four freely.</summary>
    public const int FreeDecreasesPerDay = 4;

    /// <summary>After the first four, one decrease an hour.</summary>
    public static readonly TimeSpan DecreaseInterval = TimeSpan.FromHours(1);

    /// <summary>Decreases made so far in the UTC day of <paramref name="now"/>.</summary>
    public static int DecreasesToday(TableDefinition table, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.LastDecreaseDateTime is { } last && last.UtcDateTime.Date == now.UtcDateTime.Date ? table.NumberOfDecreasesToday : 0;
    }

    /// <summary>
    /// DynamoDB's decrease limit: four decreases any time in a UTC day, then one an hour (so at
    /// most 27 a day); otherwise LimitExceededException.
    /// </summary>
    public static void CheckDecreaseAllowed(TableDefinition table, DateTimeOffset now)
    {
        var today = DecreasesToday(table, now);
        if (today < FreeDecreasesPerDay || table.LastDecreaseDateTime is not { } last || now - last >= DecreaseInterval)
        {
            return;
        }

        throw new DynamoDbException(
            "LimitExceededException",
            string.Create(
                CultureInfo.InvariantCulture,
                $"Subscriber limit exceeded: Provisioned throughput decreases are limited within a given UTC day. After the first {FreeDecreasesPerDay} decreases, each subsequent decrease in the same UTC day can be performed at most once every {DecreaseInterval.TotalSeconds} seconds. Number of decreases today: {today}. Last decrease at {LongDate(last)}. Next decrease can be made at {LongDate(last + DecreaseInterval)}"));
    }

    /// <summary>
    /// DynamoDB's switching limit: a table may switch from provisioned to on-demand four times in
    /// a rolling 24 hours (back to provisioned at any time); otherwise LimitExceededException.
    /// </summary>
    public static void CheckSwitchToOnDemandAllowed(TableDefinition table, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(table);
        var recent = RecentSwitchesToOnDemand(table, now);
        if (recent.Count < BillingModeSwitches.MaxSwitchesToOnDemand)
        {
            return;
        }

        throw new DynamoDbException(
            "LimitExceededException",
            string.Create(
                CultureInfo.InvariantCulture,
                $"Subscriber limit exceeded: Update to PayPerRequest mode is limited to {BillingModeSwitches.MaxSwitchesToOnDemand} times within a rolling 24 hour window. Last update at {LongDate(recent[^1])}. Next update can be made at {LongDate(recent[0] + BillingModeSwitches.Window)}"));
    }

    /// <summary>The table's switches to on-demand within the rolling window before <paramref name="now"/>, oldest first.</summary>
    public static IReadOnlyList<DateTimeOffset> RecentSwitchesToOnDemand(TableDefinition table, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.OnDemandSwitches.Where(t => t > now - BillingModeSwitches.Window).Order().ToArray();
    }

    /// <summary>Dates as DynamoDB writes them in limit messages: "Monday, October 10, 2022 at 1:00:19 PM Coordinated Universal Time".</summary>
    public static string LongDate(DateTimeOffset time) =>
        time.UtcDateTime.ToString("dddd, MMMM d, yyyy 'at' h:mm:ss tt 'Coordinated Universal Time'", CultureInfo.InvariantCulture);

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
