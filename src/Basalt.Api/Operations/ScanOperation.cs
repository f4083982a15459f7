using System.Text.Json;
using Basalt.Api.Forwarding;
using Basalt.Api.Items;
using Basalt.Api.Protocol;
using Basalt.Model;

namespace Basalt.Api.Operations;

/// <summary>
/// Scan: every item of the table (or of one parallel segment), one page at a time. A router's
/// per-partition share (<see cref="RequestContext.Group"/>) reads only that partition and reports
/// what the router merges (<see cref="ShareScope"/>).
/// </summary>
public sealed class ScanOperation(Database database) : IOperation
{
    public string Name => "Scan";

    public async ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(response);
        var request = ScanRequest.Read(context.Body);
        var table = database.Catalog.GetForItems(context.Region, request.TableName);
        var plan = request.Plan(table);
        var (lower, upper) = (plan.Lower, plan.Upper);
        if (plan.Start is not null && plan.Start.AsSpan().SequenceCompareTo(lower) >= 0)
        {
            lower = KeyRanges.Successor(plan.Start);
        }

        var scope = context.Group == 0 ? null : ShareScope.Of(table, context.Group);
        PageShare? share = null;
        if (scope is not null)
        {
            (lower, upper) = scope.Clamp(plan.Target, lower, upper);
            share = scope.PageShareFor(plan.Target);
        }

        var view = scope is null
            ? await database.Items.ReadViewAsync(table, request.Consistent, context.CancellationToken).ConfigureAwait(false)
            : await database.Items.ReadGroupViewAsync(table, scope.Group, request.Consistent, context.CancellationToken).ConfigureAwait(false);
        var page = upper.Length != 0 && lower.AsSpan().SequenceCompareTo(upper) >= 0
            ? new Page()
            : PageReader.Read(view, plan.Target, lower, upper, reverse: false, request.Limit, request.Expressions.Filter, request.Expressions.Projection, plan.CountOnly, share);
        PageWriter.Write(response, page, plan.CountOnly);
        ConsumedCapacityWriter.Write(response, context, request.Capacity, table.Name, Capacity.ReadUnits(page.BytesRead, request.Consistent), isRead: true);
        if (scope is not null)
        {
            ShareScope.WriteReport(response, page, share);
        }
    }
}
