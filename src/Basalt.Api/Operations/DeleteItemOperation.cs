using System.Text.Json;
using Basalt.Api.Indexes;
using Basalt.Api.Items;
using Basalt.Api.Protocol;

namespace Basalt.Api.Operations;

/// <summary>DeleteItem: removes one item, optionally under a condition.</summary>
public sealed class DeleteItemOperation(Database database) : IOperation
{
    public string Name => "DeleteItem";

    public async ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = context.Body;
        var request = WriteRequestParameters.Read(body, "Key");
        var (tableName, keyMap, returnValues, returnOldOnFailure, capacity, collectionMetrics) = request;
        ReturnValuesRules.RequireNoneOrAllOld(returnValues);
        var expressions = RequestExpressions.Parse(body, RequestExpressions.Members.Condition);

        var table = database.Catalog.GetForItems(context.Region, tableName);
        var key = ItemKeys.FromKey(table, keyMap);
        var (old, _) = await ConditionalWriter.WriteAsync(
            database.Items, table, key, expressions.Condition, returnOldOnFailure, _ => null, context.CancellationToken).ConfigureAwait(false);

        if (returnValues == ReturnValues.AllOld)
        {
            ItemRequest.WriteAttributes(response, "Attributes", old?.Item);
        }

        if (collectionMetrics && ItemCollectionMetrics.Applies(table))
        {
            ItemCollectionMetrics.Write(response, database.ItemCollections, table, keyMap[table.PartitionKey.Name]);
        }

        ConsumedCapacityWriter.Write(response, context, capacity, table.Name, ConditionalWriter.WriteUnits(old, null), isRead: false);
    }
}
