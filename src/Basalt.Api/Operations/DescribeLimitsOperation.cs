using System.Text.Json;
using Basalt.Api.Protocol;

namespace Basalt.Api.Operations;

/// <summary>DescribeLimits: the account and table limits DynamoDB reports by default.</summary>
public sealed class DescribeLimitsOperation : IOperation
{
    public string Name => "DescribeLimits";

    public ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.WriteNumber("AccountMaxReadCapacityUnits", 80000);
        response.WriteNumber("AccountMaxWriteCapacityUnits", 80000);
        response.WriteNumber("TableMaxReadCapacityUnits", 40000);
        response.WriteNumber("TableMaxWriteCapacityUnits", 40000);
        return ValueTask.CompletedTask;
    }
}
