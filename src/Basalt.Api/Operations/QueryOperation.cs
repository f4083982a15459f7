using System.Text.Json;
using Basalt.Api.Forwarding;
using Basalt.Api.Items;
using Basalt.Api.Protocol;
using Basalt.Model;

namespace Basalt.Api.Operations;

/// <summary>
/// Query: the items of one partition key, in sort-key order, one page at a time. A router's
/// per-partition share of a global index query (<see cref="RequestContext.Group"/>) reads only the
/// index entries of that partition's items and reports what the router merges (<see cref="ShareScope"/>).
/// </summary>
public sealed class QueryOperation(Database database) : IOperation
{
    public string Name => "Query";

    public async ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(response);
        var request = QueryRequest.Read(context.Body);
        var table = database.Catalog.GetForItems(context.Region, request.TableName);
        var plan = request.Plan(table);
        var (lower, upper) = (plan.Lower, plan.Upper);
        var scope = context.Group == 0 ? null : ShareScope.Of(table, context.Group);
        PageShare? share = null;
        if (scope is not null)
        {
            (lower, upper) = scope.Clamp(plan.Target, lower, upper);
            share = scope.PageShareFor(plan.Target);
        }

        // A query of the table or a local index reads the one partition owning the partition key;
        // a global index's entries live with their base items, in every partition (a share: in its own).
        var view = scope is not null
            ? await database.Items.ReadGroupViewAsync(table, scope.Group, request.Consistent, context.CancellationToken).ConfigureAwait(false)
            : plan.IsGlobal
                ? await database.Items.ReadViewAsync(table, request.Consistent, context.CancellationToken).ConfigureAwait(false)
                : await database.Items.ReadViewAsync(table, lower, request.Consistent, context.CancellationToken).ConfigureAwait(false);
        var page = Compare(lower, upper) >= 0
            ? new Page()
            : PageReader.Read(view, plan.Target, lower, upper, !request.Forward, request.Limit, request.Expressions.Filter, request.Expressions.Projection, plan.CountOnly, share);
        PageWriter.Write(response, page, plan.CountOnly);
        ConsumedCapacityWriter.Write(response, context, request.Capacity, table.Name, Capacity.ReadUnits(page.BytesRead, request.Consistent), isRead: true);
        if (scope is not null)
        {
            ShareScope.WriteReport(response, page, share);
        }
    }

    private static int Compare(byte[] a, byte[] b) => b.Length == 0 ? -1 : a.AsSpan().SequenceCompareTo(b);
}
