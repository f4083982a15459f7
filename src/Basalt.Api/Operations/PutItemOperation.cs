using System.Text.Json;
using Basalt.Api.Indexes;
using Basalt.Api.Items;
using Basalt.Api.Protocol;
using Basalt.Model;

namespace Basalt.Api.Operations;

/// <summary>PutItem: replaces the whole item, optionally under a condition.</summary>
public sealed class PutItemOperation(Database database) : IOperation
{
    public string Name => "PutItem";

    public async ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = context.Body;
        var request = WriteRequestParameters.Read(body, "Item");
        var (tableName, item, returnValues, returnOldOnFailure, capacity, collectionMetrics) = request;
        ReturnValuesRules.RequireNoneOrAllOld(returnValues);
        var expressions = RequestExpressions.Parse(body, RequestExpressions.Members.Condition);

        var table = database.Catalog.GetForItems(context.Region, tableName);
        var key = ItemKeys.FromItem(table, item);
        ConditionalWriter.CheckItemSize(item);
        var (old, updated) = await ConditionalWriter.WriteAsync(
            database.Items, table, key, expressions.Condition, returnOldOnFailure, _ => item, context.CancellationToken).ConfigureAwait(false);

        if (returnValues == ReturnValues.AllOld)
        {
            ItemRequest.WriteAttributes(response, "Attributes", old?.Item);
        }

        if (collectionMetrics && ItemCollectionMetrics.Applies(table))
        {
            ItemCollectionMetrics.Write(response, database.ItemCollections, table, item[table.PartitionKey.Name]);
        }

        ConsumedCapacityWriter.Write(response, context, capacity, table.Name, ConditionalWriter.WriteUnits(old, updated), isRead: false);
    }
}
