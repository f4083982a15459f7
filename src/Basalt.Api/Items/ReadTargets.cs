using Basalt.Api.Tables;
using Basalt.Model;
using Basalt.Model.Expressions;

namespace Basalt.Api.Items;

/// <summary>Resolves IndexName of a Query or Scan into what to read, with DynamoDB's index rules.</summary>
public static class ReadTargets
{
    public static ReadTarget Resolve(TableDefinition table, string? indexName, string? select, IReadOnlyList<DocumentPath>? projection, bool consistentRead)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (indexName is null)
        {
            return new ReadTarget(table, null);
        }

        var index = table.FindIndex(indexName)
            ?? throw new ValidationException($"The table does not have the specified index: {indexName}");
        if (index.IsGlobal)
        {
            if (consistentRead)
            {
                throw new ValidationException("Consistent reads are not supported on global secondary indexes");
            }

            if (index.Status != "ACTIVE")
            {
                throw new ValidationException($"Cannot read from backfilling global secondary index: {indexName}");
            }

            if (select == "ALL_ATTRIBUTES" && index.Projection != ProjectionKind.ALL)
            {
                throw new ValidationException(
                    $"One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index {indexName} because its projection type is not ALL");
            }

            return new ReadTarget(table, index);
        }

        var fetch = index.Projection != ProjectionKind.ALL
            && (select == "ALL_ATTRIBUTES" || (projection is not null && projection.Any(p => !IsProjected(table, index, p.TopLevelName))));
        return new ReadTarget(table, index) { FetchFromTable = fetch };
    }

    private static bool IsProjected(TableDefinition table, IndexDefinition index, string name) =>
        table.IsKeyAttribute(name) || index.IsKeyAttribute(name) || index.NonKeyAttributes.Contains(name, StringComparer.Ordinal);
}
