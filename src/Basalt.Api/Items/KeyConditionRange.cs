using Basalt.Api.Tables;
using Basalt.Model;
using Basalt.Model.Expressions;

namespace Basalt.Api.Items;

/// <summary>Turns a Query's key condition into the byte range of item keys it selects.</summary>
public static class KeyConditionRange
{
    public static (byte[] Lower, byte[] Upper) Of(TableDefinition table, KeyCondition condition)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(condition);
        CheckType(table.PartitionKey, condition.PartitionKeyValue);
        var prefix = KeyCodec.EncodePartitionPrefix(table.Id, condition.PartitionKeyValue);
        var end = KeyRanges.PrefixEnd(prefix);
        if (condition.SortKey is not { } sort)
        {
            return (prefix, end);
        }

        CheckType(table.SortKey!, sort.Value);
        byte[] At(AttributeValue v) => KeyRanges.Concat(prefix, KeyCodec.EncodeSortKeyPart(v));
        switch (sort.Operator)
        {
            case SortKeyOperator.Equal:
                return (At(sort.Value), KeyRanges.Successor(At(sort.Value)));
            case SortKeyOperator.Less:
                return (prefix, At(sort.Value));
            case SortKeyOperator.LessOrEqual:
                return (prefix, KeyRanges.Successor(At(sort.Value)));
            case SortKeyOperator.Greater:
                return (KeyRanges.Successor(At(sort.Value)), end);
            case SortKeyOperator.GreaterOrEqual:
                return (At(sort.Value), end);
            case SortKeyOperator.Between:
                CheckType(table.SortKey!, sort.UpperValue!);
                return (At(sort.Value), KeyRanges.Successor(At(sort.UpperValue!)));
            case SortKeyOperator.BeginsWith:
                if (table.SortKey!.Kind == AttributeKind.N)
                {
                    throw new ValidationException("Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N");
                }

                var start = At(sort.Value);
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
