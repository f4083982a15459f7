using System.Text.Json;
using Basalt.Api.Protocol;
using Basalt.Model;

namespace Basalt.Api.Items;

/// <summary>
/// The members PutItem, UpdateItem and DeleteItem share, read and constraint-checked once:
/// TableName, the item or key, ReturnValues, ReturnValuesOnConditionCheckFailure,
/// ReturnConsumedCapacity and ReturnItemCollectionMetrics.
/// </summary>
public sealed record WriteRequestParameters(
    string TableName,
    Item Attributes,
    ReturnValues ReturnValues,
    bool ReturnOldOnConditionFailure,
    CapacityReport Capacity,
    bool CollectionMetrics)
{
    /// <param name="attributesMember">"Item" (PutItem) or "Key" (UpdateItem, DeleteItem).</param>
    public static WriteRequestParameters Read(JsonElement body, string attributesMember)
    {
        ArgumentNullException.ThrowIfNull(attributesMember);
        var errors = new ValidationErrors();
        var tableName = ItemRequest.ReadTableName(body, errors);
        var attributes = JsonParameters.GetItem(body, attributesMember);
        if (attributes is null)
        {
            errors.Null(attributesMember.ToLowerInvariant());
        }

        var returnValues = ReturnValuesRules.Read(body, errors);
        var returnOldOnFailure = ReturnValuesRules.ReadOnConditionCheckFailure(body, errors);
        var capacity = ConsumedCapacityWriter.Read(body, errors);
        var collectionMetrics = ReturnValuesRules.ReadItemCollectionMetrics(body, errors);
        errors.ThrowIfAny();
        return new WriteRequestParameters(tableName, attributes!, returnValues, returnOldOnFailure, capacity, collectionMetrics);
    }
}
