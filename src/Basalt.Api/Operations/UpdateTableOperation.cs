using System.Globalization;
using System.Text.Json;
using Basalt.Api.Indexes;
using Basalt.Api.Protocol;
using Basalt.Api.Streams;
using Basalt.Api.Tables;
using Basalt.Model;

namespace Basalt.Api.Operations;

/// <summary>UpdateTable: billing mode, provisioned throughput, deletion protection, table class.</summary>
public sealed class UpdateTableOperation(Database database) : IOperation
{
    public string Name => "UpdateTable";

    public async ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = context.Body;
        var errors = new ValidationErrors();
        var name = TableNameRules.Read(body, errors);
        var billing = ThroughputRules.ReadBillingMode(body, errors);
        var throughput = ThroughputRules.ReadThroughput(body, errors);
        var indexUpdates = GlobalIndexUpdates.Read(body, errors);
        var streamSpecification = StreamSpecificationRules.Read(body, errors);
        errors.ThrowIfAny();
        var protection = JsonParameters.GetBool(body, "DeletionProtectionEnabled");
        var tableClass = JsonParameters.GetString(body, "TableClass");
        if (billing is null && throughput is null && protection is null && tableClass is null && indexUpdates.IsEmpty
            && !JsonParameters.TryGet(body, "StreamSpecification", out _) && !JsonParameters.TryGet(body, "SSESpecification", out _))
        {
            throw new ValidationException(
                "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
        }

        var now = database.Clock.GetUtcNow();
        var table = await database.Catalog.UpdateAsync(
            context.Region,
            name!,
            (current, nextId) => indexUpdates.Apply(
                StreamSpecificationRules.ApplyUpdate(Apply(current, billing, throughput, protection, tableClass, now), streamSpecification, now),
                nextId)).ConfigureAwait(false);
        if (streamSpecification is not null)
        {
            await database.Streams.Catalog.ReconcileAsync(table.Region, table.Name).ConfigureAwait(false);
        }

        if (!indexUpdates.IsEmpty)
        {
            database.SchedulePurge();
            database.ScheduleBackfills();
        }

        TableDescriptionWriter.Write(response, "TableDescription", table, database.Items.Statistics, database.Clock.GetUtcNow());
    }

    private static TableDefinition Apply(TableDefinition current, BillingMode? billing, (long Read, long Write)? throughput, bool? protection, string? tableClass, DateTimeOffset now)
    {
        var updated = current;
        var mode = billing ?? current.BillingMode;
        if (mode == BillingMode.PAY_PER_REQUEST && throughput is not null)
        {
            throw new ValidationException("One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
        }

        if (mode == BillingMode.PROVISIONED && current.BillingMode == BillingMode.PAY_PER_REQUEST && throughput is null)
        {
            throw new ValidationException("One or more parameter values were invalid: ProvisionedThroughput must be specified when BillingMode is PROVISIONED");
        }

        if (mode != current.BillingMode)
        {
            if (mode == BillingMode.PAY_PER_REQUEST)
            {
                ThroughputRules.CheckSwitchToOnDemandAllowed(current, now);
            }

            updated = updated with
            {
                BillingMode = mode,
                LastBillingModeUpdate = now,
                OnDemandSwitches = mode == BillingMode.PAY_PER_REQUEST
                    ? [.. ThroughputRules.RecentSwitchesToOnDemand(current, now), now]
                    : ThroughputRules.RecentSwitchesToOnDemand(current, now),
                ReadCapacityUnits = mode == BillingMode.PAY_PER_REQUEST ? 0 : throughput!.Value.Read,
                WriteCapacityUnits = mode == BillingMode.PAY_PER_REQUEST ? 0 : throughput!.Value.Write,
            };
        }
        else if (throughput is { } units)
        {
            if (units.Read == current.ReadCapacityUnits && units.Write == current.WriteCapacityUnits)
            {
                throw new ValidationException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The provisioned throughput for the table will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for the table: {current.ReadCapacityUnits}. Requested ReadCapacityUnits: {units.Read}. Current WriteCapacityUnits provisioned for the table: {current.WriteCapacityUnits}. Requested WriteCapacityUnits: {units.Write}. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits."));
            }

            ThroughputRules.CheckUnitsLimit(units.Read, units.Write);
            var increase = units.Read > current.ReadCapacityUnits || units.Write > current.WriteCapacityUnits;
            var decrease = units.Read < current.ReadCapacityUnits || units.Write < current.WriteCapacityUnits;
            if (decrease)
            {
                ThroughputRules.CheckDecreaseAllowed(current, now);
            }

            updated = updated with
            {
                ReadCapacityUnits = units.Read,
                WriteCapacityUnits = units.Write,
                LastIncreaseDateTime = increase ? now : current.LastIncreaseDateTime,
                LastDecreaseDateTime = decrease ? now : current.LastDecreaseDateTime,
                NumberOfDecreasesToday = decrease ? ThroughputRules.DecreasesToday(current, now) + 1 : current.NumberOfDecreasesToday,
            };
        }

        if (protection is { } p)
        {
            updated = updated with { DeletionProtectionEnabled = p };
        }

        if (tableClass is not null)
        {
            if (tableClass is not ("STANDARD" or "STANDARD_INFREQUENT_ACCESS"))
            {
                var errors = new ValidationErrors();
                errors.Add(ValidationErrors.Quote(tableClass), "tableClass", "Member must satisfy enum value set: [STANDARD, STANDARD_INFREQUENT_ACCESS]");
                errors.ThrowIfAny();
            }

            updated = updated with { TableClass = tableClass };
        }

        return updated;
    }
}
