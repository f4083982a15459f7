using System.Text.Json;
using Basalt.Api.Operations;
using Basalt.Api.Protocol;
using Basalt.Model;

namespace Basalt.Api.Forwarding;

/// <summary>
/// Scan at the router: validated with the node's own code, then per-partition shares: a global
/// index scan is asked of every partition and merged in index order, a scan of the table or a
/// local index walks the partitions in key order (<see cref="FanOut"/>).
/// </summary>
public sealed class ForwardedScanOperation(RequestForwarder forwarder) : IOperation
{
    public string Name => "Scan";

    public async ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(response);
        ScanRequest request;
        ForwardedTable? table = null;
        ScanPlan? plan = null;
        try
        {
            request = ScanRequest.Read(context.Body);
            table = await forwarder.FindTableAsync(context, request.TableName).ConfigureAwait(false);
            plan = table is null ? null : request.Plan(table.Definition);
        }
        catch (DynamoDbException)
        {
            request = null!;
        }

        if (plan is null || table is null)
        {
            ForwardedJson.WriteMembers(response, await forwarder.ToAnyAsync(context, Name, ForwardedJson.Raw(context.Body).ToArray()).ConfigureAwait(false));
            return;
        }

        var read = new ReadParameters(request.Limit, Reverse: false, plan.CountOnly, request.Capacity, request.Consistent);
        if (plan.Target.Index is { IsGlobal: true })
        {
            await FanOut.GlobalAsync(context, response, forwarder, Name, table, read).ConfigureAwait(false);
        }
        else
        {
            await FanOut.WalkAsync(context, response, forwarder, table, read, request.Segment, request.TotalSegments, plan.Start).ConfigureAwait(false);
        }
    }
}
