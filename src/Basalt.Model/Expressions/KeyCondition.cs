namespace Basalt.Model.Expressions;

/// <summary>How a Query restricts the sort key.</summary>
public enum SortKeyOperator
{
    Equal,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Between,
    BeginsWith,
}

/// <summary>The sort key part of a key condition: operator and its value(s).</summary>
public sealed class SortKeyCondition(string attributeName, SortKeyOperator op, AttributeValue value, AttributeValue? upperValue)
{
    public string AttributeName { get; } = attributeName;

    public SortKeyOperator Operator { get; } = op;

    /// <summary>The compared value; for BETWEEN the lower bound.</summary>
    public AttributeValue Value { get; } = value;

    /// <summary>BETWEEN only: the upper bound.</summary>
    public AttributeValue? UpperValue { get; } = upperValue;

    /// <summary>True when <paramref name="sortKey"/> (same type as the condition's values) satisfies the condition.</summary>
    public bool Matches(AttributeValue sortKey)
    {
        ArgumentNullException.ThrowIfNull(sortKey);
        if (sortKey.Kind != Value.Kind)
        {
            return false;
        }

        return Operator switch
        {
            SortKeyOperator.Equal => KeyComparer.Compare(sortKey, Value) == 0,
            SortKeyOperator.Less => KeyComparer.Compare(sortKey, Value) < 0,
            SortKeyOperator.LessOrEqual => KeyComparer.Compare(sortKey, Value) <= 0,
            SortKeyOperator.Greater => KeyComparer.Compare(sortKey, Value) > 0,
            SortKeyOperator.GreaterOrEqual => KeyComparer.Compare(sortKey, Value) >= 0,
            SortKeyOperator.Between => KeyComparer.Compare(sortKey, Value) >= 0 && KeyComparer.Compare(sortKey, UpperValue!) <= 0,
            SortKeyOperator.BeginsWith => sortKey.Kind == AttributeKind.S
                ? sortKey.S!.StartsWith(Value.S!, StringComparison.Ordinal)
                : sortKey.Kind == AttributeKind.B && sortKey.B.AsSpan().StartsWith(Value.B),
            _ => false,
        };
    }
}

/// <summary>A Query's key condition reduced to what the storage range scan needs.</summary>
public sealed class KeyCondition(string partitionKeyName, AttributeValue partitionKeyValue, SortKeyCondition? sortKey)
{
    public string PartitionKeyName { get; } = partitionKeyName;

    public AttributeValue PartitionKeyValue { get; } = partitionKeyValue;

    /// <summary>The sort key restriction, when there is one.</summary>
    public SortKeyCondition? SortKey { get; } = sortKey;
}
