using System.Globalization;
using System.Text.Json;
using Basalt.Api.Items;
using Basalt.Api.Protocol;
using Basalt.Model;

namespace Basalt.Api.Operations;

/// <summary>Scan: every item of the table (or of one parallel segment), one page at a time.</summary>
public sealed class ScanOperation(Database database) : IOperation
{
    public string Name => "Scan";

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
        var indexName = JsonParameters.GetString(body, "IndexName");
        var segment = JsonParameters.GetInt64(body, "Segment");
        var totalSegments = JsonParameters.GetInt64(body, "TotalSegments");
        if (segment is < 0)
        {
            errors.Add(ValidationErrors.Quote(segment.Value.ToString(CultureInfo.InvariantCulture)), "segment", "Member must have value greater than or equal to 0");
        }
        else if (segment is > 999999)
        {
            errors.Add(ValidationErrors.Quote(segment.Value.ToString(CultureInfo.InvariantCulture)), "segment", "Member must have value less than or equal to 999999");
        }

        if (totalSegments is < 1)
        {
            errors.Add(ValidationErrors.Quote(totalSegments.Value.ToString(CultureInfo.InvariantCulture)), "totalSegments", "Member must have value greater than or equal to 1");
        }
        else if (totalSegments is > 1000000)
        {
            errors.Add(ValidationErrors.Quote(totalSegments.Value.ToString(CultureInfo.InvariantCulture)), "totalSegments", "Member must have value less than or equal to 1000000");
        }

        errors.ThrowIfAny();
        if (segment is not null && totalSegments is null)
        {
            throw new ValidationException("The TotalSegments parameter is required but was not present in the request when Segment parameter is present");
        }

        if (totalSegments is not null && segment is null)
        {
            throw new ValidationException("The Segment parameter is required but was not present in the request when parameter TotalSegments is present");
        }

        if (segment >= totalSegments)
        {
            throw new ValidationException(string.Create(
                CultureInfo.InvariantCulture,
                $"The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: {segment} is not less than TotalSegments: {totalSegments}"));
        }

        var expressions = RequestExpressions.Parse(body, RequestExpressions.Members.Filter | RequestExpressions.Members.Projection, "ScanFilter");
        var table = database.Catalog.GetForItems(context.Region, tableName);
        var countOnly = SelectRules.CheckSelect(select, body, hasIndex: indexName is not null, isQuery: false);
        var target = ReadTargets.Resolve(table, indexName, select, expressions.Projection, consistent);
        var (lower, upper) = ScanSegments.Range(target.KeySpaceId, (int)(segment ?? 0), (int)(totalSegments ?? 1));
        var start = SelectRules.ReadExclusiveStartKey(body, target);
        if (start is not null && start.AsSpan().SequenceCompareTo(lower) >= 0)
        {
            lower = KeyRanges.Successor(start);
        }

        var view = await database.Items.ReadViewAsync(table, consistent, context.CancellationToken).ConfigureAwait(false);
        var page = upper.Length != 0 && lower.AsSpan().SequenceCompareTo(upper) >= 0
            ? new Page()
            : PageReader.Read(view, target, lower, upper, reverse: false, limit, expressions.Filter, expressions.Projection, countOnly);
        PageWriter.Write(response, page, countOnly);
        ConsumedCapacityWriter.Write(response, context, capacity, table.Name, Capacity.ReadUnits(page.BytesRead, consistent), isRead: true);
    }
}
