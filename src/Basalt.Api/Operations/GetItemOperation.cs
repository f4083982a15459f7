using System.Text.Json;
using Basalt.Api.Items;
using Basalt.Api.Protocol;
using Basalt.Model;
using Basalt.Model.Expressions;

namespace Basalt.Api.Operations;

/// <summary>GetItem: one item by key, optionally projected. Every read on one node is strongly consistent.</summary>
public sealed class GetItemOperation(Database database) : IOperation
{
    public string Name => "GetItem";

    public ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = context.Body;
        var errors = new ValidationErrors();
        var tableName = ItemRequest.ReadTableName(body, errors);
        var keyMap = JsonParameters.GetItem(body, "Key");
        if (keyMap is null)
        {
            errors.Null("key");
        }

        var capacity = ConsumedCapacityWriter.Read(body, errors);
        var consistent = JsonParameters.GetBool(body, "ConsistentRead") ?? false;
        errors.ThrowIfAny();
        var expressions = RequestExpressions.Parse(body, RequestExpressions.Members.Projection);

        var table = database.Catalog.GetForItems(context.Region, tableName);
        var key = ItemKeys.FromKey(table, keyMap);
        var item = database.Items.Read(key);
        if (item is not null)
        {
            var result = expressions.Projection is null ? item : Projection.Apply(item, expressions.Projection);
            ItemRequest.WriteAttributes(response, "Item", result);
        }

        var units = Capacity.ReadUnits(item is null ? 0 : ItemSize.Of(item), consistent);
        ConsumedCapacityWriter.Write(response, context, capacity, table.Name, units, isRead: true);
        return ValueTask.CompletedTask;
    }
}
