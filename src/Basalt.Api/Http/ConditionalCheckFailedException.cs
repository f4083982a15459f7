using Basalt.Model;

namespace Basalt.Api.Http;

/// <summary>
/// A failed ConditionExpression/Expected. Carries the item when the request asked for
/// ReturnValuesOnConditionCheckFailure = ALL_OLD.
/// </summary>
public sealed class ConditionalCheckFailedException(Item? item)
    : DynamoDbException("ConditionalCheckFailedException", "The conditional request failed")
{
    public Item? Item { get; } = item;
}
