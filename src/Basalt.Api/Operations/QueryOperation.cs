using System.Text.Json;
using Basalt.Api.Items;
using Basalt.Api.Protocol;
using Basalt.Model;
using Basalt.Model.Expressions;

namespace Basalt.Api.Operations;

/// <summary>Query: the items of one partition key, in sort-key order, one page at a time.</summary>
public sealed class QueryOperation(Database database) : IOperation
{
    public string Name => "Query";

    public async ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = context.Body;
        var errors = new ValidationErrors();
        var tableName = ItemRequest.ReadTableName(body, errors);
        var select = SelectRules.ReadSelect(body, errors);
        var limit = SelectRules.ReadLimit(body, errors);
        var capacity = ConsumedCapacityWriter.Read(body, errors);
        var consistent = JsonParameters.GetBool(body, "ConsistentRead") ?? false;
        var forward = JsonParameters.GetBool(body, "ScanIndexForward") ?? true;
        var indexName = JsonParameters.GetString(body, "IndexName");
        errors.ThrowIfAny();
        var expressions = RequestExpressions.Parse(
            body,
            RequestExpressions.Members.KeyCondition | RequestExpressions.Members.Filter | RequestExpressions.Members.Projection,
            "QueryFilter");
        if (expressions.KeyCondition is null)
        {
            throw new ValidationException("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
        }

        var table = database.Catalog.GetForItems(context.Region, tableName);
        var countOnly = SelectRules.CheckSelect(select, body, hasIndex: indexName is not null, isQuery: true);
        var target = ReadTargets.Resolve(table, indexName, select, expressions.Projection, consistent);
        if (expressions.Filter is not null
            && ConditionPaths.FirstTopLevelNameIn(expressions.Filter, target.IsKeyAttribute) is { } keyAttribute)
        {
            throw new ValidationException($"Filter Expression can only contain non-primary key attributes: Primary key attribute: {keyAttribute}");
        }

        var keyCondition = KeyConditionAnalyzer.Analyze(expressions.KeyCondition, target.PartitionKey.Name, target.SortKey?.Name);
        var (lower, upper) = KeyConditionRange.Of(target, keyCondition);
        var start = SelectRules.ReadExclusiveStartKey(body, target);
        if (start is not null)
        {
            if (forward)
            {
                lower = Max(lower, KeyRanges.Successor(start));
            }
            else
            {
                upper = Min(upper, start);
            }
        }

        // A query of the table or a local index reads the one partition owning the partition key;
        // a global index's entries live with their base items, in every partition.
        var view = target.Index is { IsGlobal: true }
            ? await database.Items.ReadViewAsync(table, consistent, context.CancellationToken).ConfigureAwait(false)
            : await database.Items.ReadViewAsync(table, lower, consistent, context.CancellationToken).ConfigureAwait(false);
        var page = Compare(lower, upper) >= 0
            ? new Page()
            : PageReader.Read(view, target, lower, upper, !forward, limit, expressions.Filter, expressions.Projection, countOnly);
        PageWriter.Write(response, page, countOnly);
        ConsumedCapacityWriter.Write(response, context, capacity, table.Name, Capacity.ReadUnits(page.BytesRead, consistent), isRead: true);
    }

    private static int Compare(byte[] a, byte[] b) => b.Length == 0 ? -1 : a.AsSpan().SequenceCompareTo(b);

    private static byte[] Max(byte[] a, byte[] b) => a.AsSpan().SequenceCompareTo(b) >= 0 ? a : b;

    private static byte[] Min(byte[] a, byte[] b) => b.Length != 0 && (a.Length == 0 || a.AsSpan().SequenceCompareTo(b) > 0) ? b : a;
}
