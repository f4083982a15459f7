using System.Text.Json;
using Basalt.Api.Protocol;
using Basalt.Api.Tables;

namespace Basalt.Api.Operations;

/// <summary>
/// DescribeLimits: the account and table limits DynamoDB reports by default. The table limit is
/// the one CreateTable/UpdateTable enforce on provisioned throughput (and admission control on an
/// on-demand table's growth).
/// </summary>
public sealed class DescribeLimitsOperation : IOperation
{
    /// <summary>Default per-account capacity quota of a region, read and write alike.</summary>
    public const long AccountMaxUnits = 80000;

    public string Name => "DescribeLimits";

    public ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.WriteNumber("AccountMaxReadCapacityUnits", AccountMaxUnits);
        response.WriteNumber("AccountMaxWriteCapacityUnits", AccountMaxUnits);
        response.WriteNumber("TableMaxReadCapacityUnits", ThroughputRules.MaxUnits);
        response.WriteNumber("TableMaxWriteCapacityUnits", ThroughputRules.MaxUnits);
        return ValueTask.CompletedTask;
    }
}
