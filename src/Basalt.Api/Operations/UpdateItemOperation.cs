using System.Text.Json;
using Basalt.Api.Indexes;
using Basalt.Api.Items;
using Basalt.Api.Protocol;
using Basalt.Model;
using Basalt.Model.Expressions;

namespace Basalt.Api.Operations;

/// <summary>UpdateItem: edits (or creates) one item with an update expression, optionally under a condition.</summary>
public sealed class UpdateItemOperation(Database database) : IOperation
{
    public string Name => "UpdateItem";

    public async ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = context.Body;
        var request = WriteRequestParameters.Read(body, "Key");
        var (tableName, keyMap, returnValues, returnOldOnFailure, capacity, collectionMetrics) = request;
        var expressions = RequestExpressions.Parse(body, RequestExpressions.Members.Condition | RequestExpressions.Members.Update);

        var table = database.Catalog.GetForItems(context.Region, tableName);
        var key = ItemKeys.FromKey(table, keyMap);
        IReadOnlyList<DocumentPath> updatedPaths = [];
        if (expressions.Update is { } update)
        {
            foreach (var name in update.TopLevelAttributeNames)
            {
                if (table.IsKeyAttribute(name))
                {
                    throw new ValidationException($"One or more parameter values were invalid: Cannot update attribute {name}. This attribute is part of the key");
                }
            }
        }

        var (old, updated) = await ConditionalWriter.WriteAsync(
            database.Items,
            table,
            key,
            expressions.Condition,
            returnOldOnFailure,
            current =>
            {
                var start = current?.Item ?? new Item(keyMap);
                if (expressions.Update is null)
                {
                    return start;
                }

                var result = UpdateApplier.Apply(expressions.Update, start);
                updatedPaths = result.UpdatedPaths;
                ConditionalWriter.CheckItemSize(result.NewItem, "Item size to update has exceeded the maximum allowed size");
                return result.NewItem;
            },
            context.CancellationToken).ConfigureAwait(false);

        switch (returnValues)
        {
            case ReturnValues.AllOld:
                ItemRequest.WriteAttributes(response, "Attributes", old?.Item);
                break;
            case ReturnValues.AllNew:
                ItemRequest.WriteAttributes(response, "Attributes", updated);
                break;
            case ReturnValues.UpdatedOld when old is not null && updatedPaths.Count > 0:
                WriteNonEmpty(response, Projection.Apply(old.Item, updatedPaths));
                break;
            case ReturnValues.UpdatedNew when updated is not null && updatedPaths.Count > 0:
                WriteNonEmpty(response, Projection.Apply(updated, updatedPaths));
                break;
        }

        if (collectionMetrics && ItemCollectionMetrics.Applies(table))
        {
            ItemCollectionMetrics.Write(response, database.ItemCollections, table, keyMap[table.PartitionKey.Name]);
        }

        ConsumedCapacityWriter.Write(response, context, capacity, table.Name, ConditionalWriter.WriteUnits(old, updated), isRead: false);
    }

    private static void WriteNonEmpty(Utf8JsonWriter response, Item attributes)
    {
        if (attributes.Count > 0)
        {
            ItemRequest.WriteAttributes(response, "Attributes", attributes);
        }
    }
}
