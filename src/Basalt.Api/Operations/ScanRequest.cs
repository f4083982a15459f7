using System.Globalization;
using System.Text.Json;
using Basalt.Api.Items;
using Basalt.Api.Protocol;
using Basalt.Api.Tables;
using Basalt.Model;

namespace Basalt.Api.Operations;

/// <summary>
/// A Scan request read and validated in DynamoDB's order: <see cref="Read"/> checks everything that
/// needs no table, <see cref="Plan"/> what needs its definition. Shared by the node's Scan and the
/// router's fan-out, so both give the same answers to the same mistakes.
/// </summary>
public sealed class ScanRequest
{
    private ScanRequest(JsonElement body) => Body = body;

    public JsonElement Body { get; }

    public string TableName { get; private init; } = string.Empty;

    public string? Select { get; private init; }

    public int? Limit { get; private init; }

    public CapacityReport Capacity { get; private init; }

    public bool Consistent { get; private init; }

    public string? IndexName { get; private init; }

    public int Segment { get; private init; }

    public int TotalSegments { get; private init; } = 1;

    public RequestExpressions Expressions { get; private init; } = null!;

    public static ScanRequest Read(JsonElement body)
    {
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
        return new ScanRequest(body)
        {
            TableName = tableName,
            Select = select,
            Limit = limit,
            Capacity = capacity,
            Consistent = consistent,
            IndexName = indexName,
            Segment = (int)(segment ?? 0),
            TotalSegments = (int)(totalSegments ?? 1),
            Expressions = expressions,
        };
    }

    /// <summary>What to read in <paramref name="table"/>: the target, the segment's key range and the encoded ExclusiveStartKey.</summary>
    public ScanPlan Plan(TableDefinition table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var countOnly = SelectRules.CheckSelect(Select, Body, hasIndex: IndexName is not null, isQuery: false);
        var target = ReadTargets.Resolve(table, IndexName, Select, Expressions.Projection, Consistent);
        var (lower, upper) = ScanSegments.Range(target.KeySpaceId, Segment, TotalSegments);
        var start = SelectRules.ReadExclusiveStartKey(Body, target);
        return new ScanPlan(table, countOnly, target, lower, upper, start);
    }
}

/// <summary>A validated Scan against one table: what it reads, its segment's key range, and where it resumes.</summary>
public sealed record ScanPlan(TableDefinition Table, bool CountOnly, ReadTarget Target, byte[] Lower, byte[] Upper, byte[]? Start);
