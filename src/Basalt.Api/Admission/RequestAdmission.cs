using System.Text.Json;
using Basalt.Api.Protocol;
using Basalt.Api.Tables;
using Basalt.Router.Admission;

namespace Basalt.Api.Admission;

/// <summary>
/// Admission control for the DynamoDB endpoint: <see cref="Admit"/> before an operation runs
/// (throttled requests never reach the operation), <see cref="Debit"/> after it with the exact
/// capacity the operation recorded in <see cref="RequestContext.Consumed"/>. Table settings are read
/// from the catalog on every request, so UpdateTable changes apply at once.
/// </summary>
public sealed class RequestAdmission(Database database, AdmissionController controller)
{
    public AdmissionController Controller { get; } = controller;

    public AdmissionTicket Admit(string operation, RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (shape, kind, itemMember) = RequestTables.Classify(operation);
        var body = context.Body;
        switch (shape)
        {
            case RequestTables.Shape.Item:
            case RequestTables.Shape.Table:
                {
                    if (Find(context.Region, RequestTables.TableName(body)) is not { } definition)
                    {
                        return default;
                    }

                    var table = TableOf(definition);
                    var decision = shape == RequestTables.Shape.Item
                        ? Controller.Admit(table, kind, table.Partitions.Count == 1 ? 0 : RequestTables.PartitionKeyHash(definition, body, itemMember!))
                        : Controller.AdmitSpread(table, kind);
                    return new AdmissionTicket(table, decision, definition);
                }

            case RequestTables.Shape.Batch:
                if (body.TryGetProperty("RequestItems", out var requestItems) && requestItems.ValueKind == JsonValueKind.Object)
                {
                    foreach (var entry in requestItems.EnumerateObject())
                    {
                        if (Spread(context.Region, entry.Name, kind) is { Throttled: true } throttled)
                        {
                            return throttled;
                        }
                    }
                }

                return default;

            case RequestTables.Shape.Transaction:
                if (body.TryGetProperty("TransactItems", out var transactItems) && transactItems.ValueKind == JsonValueKind.Array)
                {
                    foreach (var element in transactItems.EnumerateArray())
                    {
                        if (Spread(context.Region, RequestTables.TransactItemTable(element), kind) is { Throttled: true } throttled)
                        {
                            return throttled;
                        }
                    }
                }

                return default;

            default:
                return default;
        }
    }

    /// <summary>Charges what the request consumed, table by table, on the buckets it was admitted on.</summary>
    public void Debit(in AdmissionTicket ticket, RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var entries = context.Consumed.Entries;
        for (var i = 0; i < entries.Count; i++)
        {
            var (name, read, write) = entries[i];
            if (ticket.Table is { } admitted && string.Equals(admitted.Name, name, StringComparison.Ordinal) && string.Equals(admitted.Region, context.Region, StringComparison.Ordinal))
            {
                Controller.Debit(admitted, ticket.Decision, read, write);
            }
            else if (Find(context.Region, name) is { } definition)
            {
                Controller.Debit(TableOf(definition), read, write);
            }
        }
    }

    /// <summary>Drops the admission state of tables no longer in the catalog.</summary>
    public void ForgetDroppedTables()
    {
        var live = new HashSet<ulong>();
        foreach (var table in database.Catalog.All)
        {
            live.Add(table.Id);
        }

        foreach (var table in Controller.Tables)
        {
            if (!live.Contains(table.Id))
            {
                Controller.Forget(table.Id);
            }
        }
    }

    /// <summary>A table's capacity settings as admission control sees them.</summary>
    public static TableSettings SettingsOf(TableDefinition table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.BillingMode == BillingMode.PAY_PER_REQUEST
            ? TableSettings.OnDemand()
            : TableSettings.Provisioned(table.ReadCapacityUnits, table.WriteCapacityUnits);
    }

    private AdmissionTicket Spread(string region, string? name, CapacityKind kind)
    {
        if (Find(region, name) is not { } definition)
        {
            return default;
        }

        var table = TableOf(definition);
        return new AdmissionTicket(table, Controller.AdmitSpread(table, kind), definition);
    }

    private TableDefinition? Find(string region, string? name) => name is null ? null : database.Catalog.Find(region, name);

    private TableAdmission TableOf(TableDefinition definition) =>
        Controller.GetTable(definition.Id, definition.Region, definition.Name, SettingsOf(definition));
}
