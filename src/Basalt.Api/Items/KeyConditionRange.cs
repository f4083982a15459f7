using Basalt.Api.Tables;
using Basalt.Model;
using Basalt.Model.Expressions;

namespace Basalt.Api.Items;

/// <summary>Turns a Query's key condition into the byte range of entries it selects, in a table or an index.</summary>
public static class KeyConditionRange
{
    public static (byte[] Lower, byte[] Upper) Of(ReadTarget target, KeyCondition condition)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(condition);
        CheckType(target.PartitionKey, condition.PartitionKeyValue);
        var prefix = KeyCodec.EncodePartitionPrefix(target.KeySpaceId, condition.PartitionKeyValue);
        var end = KeyRanges.PrefixEnd(prefix);
        if (condition.SortKey is not { } sort)
        {
            return (prefix, end);
        }

        var sortKey = target.SortKey!;
        CheckType(sortKey, sort.Value);
        byte[] At(AttributeValue v) => KeyRanges.Concat(prefix, target.SortPart(v));
        switch (sort.Operator)
        {
            case SortKeyOperator.Equal:
                return (At(sort.Value), target.After(At(sort.Value)));
            case SortKeyOperator.Less:
                return (prefix, At(sort.Value));
            case SortKeyOperator.LessOrEqual:
                return (prefix, target.After(At(sort.Value)));
            case SortKeyOperator.Greater:
                return (target.After(At(sort.Value)), end);
            case SortKeyOperator.GreaterOrEqual:
                return (At(sort.Value), end);
            case SortKeyOperator.Between:
                CheckType(sortKey, sort.UpperValue!);
                return (At(sort.Value), target.After(At(sort.UpperValue!)));
            case SortKeyOperator.BeginsWith:
                if (sortKey.Kind == AttributeKind.N)
                {
                    throw new ValidationException("Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N");
                }

                var start = KeyRanges.Concat(prefix, target.BeginsWithPart(sort.Value));
                return (start, KeyRanges.PrefixEnd(start));
            default:
                throw new ValidationException("Query key condition not supported");
        }
    }

    private static void CheckType(KeyAttribute key, AttributeValue value)
    {
        if (value.Kind != key.Kind)
        {
            throw new ValidationException("One or more parameter values were invalid: Condition parameter type does not match schema type");
        }
    }
}
