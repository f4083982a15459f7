using System.Text.Json;
using Basalt.Api.Protocol;
using Basalt.Api.Tables;
using Basalt.Model;

namespace Basalt.Api.Operations;

/// <summary>DeleteTable: removes the table from the catalog at once and purges its items in the background.</summary>
public sealed class DeleteTableOperation(Database database) : IOperation
{
    public string Name => "DeleteTable";

    public async ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response)
    {
        ArgumentNullException.ThrowIfNull(context);
        var errors = new ValidationErrors();
        var name = TableNameRules.Read(context.Body, errors);
        errors.ThrowIfAny();
        var table = await database.Catalog.DeleteAsync(context.Region, name!, t =>
        {
            if (t.DeletionProtectionEnabled)
            {
                throw new ValidationException("Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.");
            }
        }).ConfigureAwait(false);
        TableDescriptionWriter.Write(response, "TableDescription", table, database.Items.Statistics, database.Clock.GetUtcNow(), "DELETING");
        database.ItemCollections.Forget(table.Id);
        database.SchedulePurge();
    }
}
