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

    public async ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response)
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
        int size;
        if (expressions.Projection is null)
        {
            // No projection: the stored item goes out as JSON without being decoded.
            var encoded = await database.Items.ReadEncodedAsync(table, key, consistent, context.CancellationToken).ConfigureAwait(false);
            size = encoded is null ? 0 : EncodedItemJson.Size(encoded);
            if (encoded is not null)
            {
                response.WritePropertyName("Item");
                EncodedItemJson.WriteItem(response, encoded);
            }
        }
        else
        {
            var item = await database.Items.ReadAsync(table, key, consistent, context.CancellationToken).ConfigureAwait(false);
            size = item is null ? 0 : ItemSize.Of(item);
            if (item is not null)
            {
                ItemRequest.WriteAttributes(response, "Item", Projection.Apply(item, expressions.Projection));
            }
        }

        var units = Capacity.ReadUnits(size, consistent);
        ConsumedCapacityWriter.Write(response, context, capacity, table.Name, units, isRead: true);
    }
}
