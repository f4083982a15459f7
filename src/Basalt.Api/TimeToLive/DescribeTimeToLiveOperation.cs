using System.Text.Json;
using Basalt.Api.Protocol;
using Basalt.Api.Tables;

namespace Basalt.Api.TimeToLive;

/// <summary>DescribeTimeToLive: ENABLED with the attribute, or DISABLED (changes take effect at once, so never ENABLING/DISABLING).</summary>
public sealed class DescribeTimeToLiveOperation(Database database) : IOperation
{
    public string Name => "DescribeTimeToLive";

    public ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(response);
        var errors = new ValidationErrors();
        var name = TableNameRules.Read(context.Body, errors);
        errors.ThrowIfAny();
        var table = database.Catalog.Get(context.Region, name!);
        response.WriteStartObject("TimeToLiveDescription");
        if (table.TimeToLive is { Enabled: true } ttl)
        {
            response.WriteString("AttributeName", ttl.AttributeName);
            response.WriteString("TimeToLiveStatus", "ENABLED");
        }
        else
        {
            response.WriteString("TimeToLiveStatus", "DISABLED");
        }

        response.WriteEndObject();
        return ValueTask.CompletedTask;
    }
}
