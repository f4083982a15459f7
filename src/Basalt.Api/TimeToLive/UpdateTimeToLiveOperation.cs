using System.Text.Json;
using Basalt.Api.Protocol;
using Basalt.Api.Tables;
using Basalt.Model;

namespace Basalt.Api.TimeToLive;

/// <summary>UpdateTimeToLive: enables or disables TTL on an attribute, with DynamoDB's errors for a change that changes nothing.</summary>
public sealed class UpdateTimeToLiveOperation(Database database) : IOperation
{
    public string Name => "UpdateTimeToLive";

    public async ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(response);
        var body = context.Body;
        var errors = new ValidationErrors();
        var name = TableNameRules.Read(body, errors);
        bool? enabled = null;
        string? attributeName = null;
        if (!JsonParameters.TryGetObject(body, "TimeToLiveSpecification", out var spec))
        {
            errors.Null("timeToLiveSpecification");
        }
        else
        {
            attributeName = JsonParameters.GetString(spec, "AttributeName");
            enabled = JsonParameters.GetBool(spec, "Enabled");
            if (attributeName is null)
            {
                errors.Null("timeToLiveSpecification.attributeName");
            }
            else if (attributeName.Length == 0)
            {
                errors.Add("''", "timeToLiveSpecification.attributeName", "Member must have length greater than or equal to 1");
            }
            else if (attributeName.Length > 255)
            {
                errors.Add(ValidationErrors.Quote(attributeName), "timeToLiveSpecification.attributeName", "Member must have length less than or equal to 255");
            }

            if (enabled is null)
            {
                errors.Null("timeToLiveSpecification.enabled");
            }
        }

        errors.ThrowIfAny();
        await database.Catalog.UpdateAsync(context.Region, name!, table => Apply(table, attributeName!, enabled!.Value)).ConfigureAwait(false);
        response.WriteStartObject("TimeToLiveSpecification");
        response.WriteString("AttributeName", attributeName);
        response.WriteBoolean("Enabled", enabled!.Value);
        response.WriteEndObject();
    }

    private static TableDefinition Apply(TableDefinition table, string attributeName, bool enable)
    {
        var current = table.TimeToLive is { Enabled: true } ttl ? ttl : null;
        if (current is not null && !string.Equals(current.AttributeName, attributeName, StringComparison.Ordinal))
        {
            throw new ValidationException($"TimeToLive is active on a different AttributeName: current AttributeName is {current.AttributeName}");
        }

        if (enable && current is not null)
        {
            throw new ValidationException("TimeToLive is already enabled");
        }

        if (!enable && current is null)
        {
            throw new ValidationException("TimeToLive is already disabled");
        }

        return table with { TimeToLive = new TimeToLiveSettings(attributeName, enable) };
    }
}
