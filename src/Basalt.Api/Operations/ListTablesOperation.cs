using System.Globalization;
using System.Text.Json;
using Basalt.Api.Protocol;
using Basalt.Api.Tables;

namespace Basalt.Api.Operations;

/// <summary>ListTables: names in order, paged by Limit (1–100) and ExclusiveStartTableName.</summary>
public sealed class ListTablesOperation(Database database) : IOperation
{
    public string Name => "ListTables";

    public ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(response);
        var errors = new ValidationErrors();
        var start = TableNameRules.Read(context.Body, errors, "ExclusiveStartTableName", "exclusiveStartTableName", required: false);
        var limit = JsonParameters.GetInt64(context.Body, "Limit");
        if (limit is < 1)
        {
            errors.Add(ValidationErrors.Quote(limit.Value.ToString(CultureInfo.InvariantCulture)), "limit", "Member must have value greater than or equal to 1");
        }
        else if (limit is > 100)
        {
            errors.Add(ValidationErrors.Quote(limit.Value.ToString(CultureInfo.InvariantCulture)), "limit", "Member must have value less than or equal to 100");
        }

        errors.ThrowIfAny();
        var max = (int)(limit ?? 100);
        var tables = database.Catalog.List(context.Region);
        response.WriteStartArray("TableNames");
        var written = 0;
        string? last = null;
        var more = false;
        foreach (var table in tables)
        {
            if (start is not null && string.CompareOrdinal(table.Name, start) <= 0)
            {
                continue;
            }

            if (written == max)
            {
                more = true;
                break;
            }

            response.WriteStringValue(table.Name);
            last = table.Name;
            written++;
        }

        response.WriteEndArray();
        if (more)
        {
            response.WriteString("LastEvaluatedTableName", last);
        }

        return ValueTask.CompletedTask;
    }
}
