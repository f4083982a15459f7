using System.Text.Json;
using Basalt.Api.Items;
using Basalt.Api.Protocol;
using Basalt.Api.Tables;
using Basalt.Model;
using Basalt.Model.Expressions;

namespace Basalt.Api.Operations;

/// <summary>
/// A Query request read and validated in DynamoDB's order: <see cref="Read"/> checks everything that
/// needs no table, <see cref="Plan"/> what needs its definition. Shared by the node's Query and the
/// router (which routes by the partition key or fans a global index query out), so both give the
/// same answers to the same mistakes.
/// </summary>
public sealed class QueryRequest
{
    private QueryRequest(JsonElement body) => Body = body;

    public JsonElement Body { get; }

    public string TableName { get; private init; } = string.Empty;

    public string? Select { get; private init; }

    public int? Limit { get; private init; }

    public CapacityReport Capacity { get; private init; }

    public bool Consistent { get; private init; }

    public bool Forward { get; private init; } = true;

    public string? IndexName { get; private init; }

    public RequestExpressions Expressions { get; private init; } = null!;

    public static QueryRequest Read(JsonElement body)
    {
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

        return new QueryRequest(body)
        {
            TableName = tableName,
            Select = select,
            Limit = limit,
            Capacity = capacity,
            Consistent = consistent,
            Forward = forward,
            IndexName = indexName,
            Expressions = expressions,
        };
    }

    /// <summary>What to read in <paramref name="table"/>: the target, the key condition and its key range (after ExclusiveStartKey).</summary>
    public QueryPlan Plan(TableDefinition table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var countOnly = SelectRules.CheckSelect(Select, Body, hasIndex: IndexName is not null, isQuery: true);
        var target = ReadTargets.Resolve(table, IndexName, Select, Expressions.Projection, Consistent);
        if (Expressions.Filter is not null
            && ConditionPaths.FirstTopLevelNameIn(Expressions.Filter, target.IsKeyAttribute) is { } keyAttribute)
        {
            throw new ValidationException($"Filter Expression can only contain non-primary key attributes: Primary key attribute: {keyAttribute}");
        }

        var keyCondition = KeyConditionAnalyzer.Analyze(Expressions.KeyCondition!, target.PartitionKey.Name, target.SortKey?.Name);
        var (lower, upper) = KeyConditionRange.Of(target, keyCondition);
        var start = SelectRules.ReadExclusiveStartKey(Body, target);
        if (start is not null)
        {
            if (Forward)
            {
                lower = Max(lower, KeyRanges.Successor(start));
            }
            else
            {
                upper = Min(upper, start);
            }
        }

        return new QueryPlan(table, countOnly, target, keyCondition, lower, upper);
    }

    private static byte[] Max(byte[] a, byte[] b) => a.AsSpan().SequenceCompareTo(b) >= 0 ? a : b;

    private static byte[] Min(byte[] a, byte[] b) => b.Length != 0 && (a.Length == 0 || a.AsSpan().SequenceCompareTo(b) > 0) ? b : a;
}

/// <summary>A validated Query against one table: what it reads, its key condition, and the key range left to read.</summary>
public sealed record QueryPlan(TableDefinition Table, bool CountOnly, ReadTarget Target, KeyCondition KeyCondition, byte[] Lower, byte[] Upper)
{
    /// <summary>Whether it reads a global index (whose entries live in every partition).</summary>
    public bool IsGlobal => Target.Index is { IsGlobal: true };
}
