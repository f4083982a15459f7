using System.Text.Json;
using Basalt.Api.Protocol;
using Basalt.Api.Tables;

namespace Basalt.Api.Operations;

/// <summary>DescribeTable.</summary>
public sealed class DescribeTableOperation(Database database) : IOperation
{
    public string Name => "DescribeTable";

    public ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response)
    {
        ArgumentNullException.ThrowIfNull(context);
        var errors = new ValidationErrors();
        var name = TableNameRules.Read(context.Body, errors);
        errors.ThrowIfAny();
        var table = database.Catalog.Get(context.Region, name!);
        TableDescriptionWriter.Write(response, "Table", table, database.Items.Statistics, database.Clock.GetUtcNow(), database.Catalog.StatusOf(table));
        return ValueTask.CompletedTask;
    }
}
