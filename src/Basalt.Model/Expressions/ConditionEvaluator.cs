namespace Basalt.Model.Expressions;

/// <summary>
/// Evaluates a parsed condition against an item with DynamoDB's semantics: a missing attribute
/// makes comparisons false (except &lt;&gt;, which is true), values of different types are
/// unequal and unordered, and only S, N and B are ordered. Never throws for item data.
/// </summary>
public static class ConditionEvaluator
{
    /// <summary>True when <paramref name="item"/> satisfies <paramref name="condition"/>; a null item has no attributes.</summary>
    public static bool Evaluate(ConditionNode condition, IReadOnlyDictionary<string, AttributeValue>? item)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return condition switch
        {
            AndCondition and => Evaluate(and.Left, item) && Evaluate(and.Right, item),
            OrCondition or => Evaluate(or.Left, item) || Evaluate(or.Right, item),
            NotCondition not => !Evaluate(not.Operand, item),
            ComparisonCondition comparison => Compare(comparison.Operator, Value(comparison.Left, item), Value(comparison.Right, item)),
            BetweenCondition between => Between(Value(between.Value, item), Value(between.Lower, item), Value(between.Upper, item)),
            InCondition @in => In(@in, item),
            FunctionCondition function => Function(function, item),
            _ => throw new ArgumentException("Unknown condition node " + condition.GetType().Name, nameof(condition)),
        };
    }

    /// <summary>The value an operand has for <paramref name="item"/>, or null when it has none.</summary>
    public static AttributeValue? Value(Operand operand, IReadOnlyDictionary<string, AttributeValue>? item) => operand switch
    {
        PathOperand path => PathResolver.Resolve(item, path.Path),
        ValueOperand value => value.Value,
        SizeOperand size => Size(Value(size.Argument, item)),
        _ => throw new ArgumentException("Unknown operand " + operand?.GetType().Name, nameof(operand)),
    };

    private static AttributeValue? Size(AttributeValue? value)
    {
        long? size = value?.Kind switch
        {
            AttributeKind.S => value.S!.Length,
            AttributeKind.B => value.B!.Length,
            AttributeKind.SS => value.SS!.Count,
            AttributeKind.NS => value.NS!.Count,
            AttributeKind.BS => value.BS!.Count,
            AttributeKind.L => value.L!.Count,
            AttributeKind.M => value.M!.Count,
            _ => null,
        };
        return size is null ? null : AttributeValue.FromNumber(DynamoNumber.FromInt64(size.Value));
    }

    private static bool Compare(ComparisonOperator op, AttributeValue? left, AttributeValue? right)
    {
        if (op == ComparisonOperator.NotEqual)
        {
            return left is null || right is null || !AttributeValueEquality.AreEqual(left, right);
        }

        if (left is null || right is null)
        {
            return false;
        }

        if (op == ComparisonOperator.Equal)
        {
            return AttributeValueEquality.AreEqual(left, right);
        }

        if (left.Kind != right.Kind || !ValueOrdering.IsOrderedKind(left.Kind))
        {
            return false;
        }

        var order = ValueOrdering.Compare(left, right);
        return op switch
        {
            ComparisonOperator.Less => order < 0,
            ComparisonOperator.LessOrEqual => order <= 0,
            ComparisonOperator.Greater => order > 0,
            _ => order >= 0,
        };
    }

    private static bool Between(AttributeValue? value, AttributeValue? lower, AttributeValue? upper)
    {
        if (value is null || lower is null || upper is null || !ValueOrdering.IsOrderedKind(value.Kind)
            || lower.Kind != value.Kind || upper.Kind != value.Kind)
        {
            return false;
        }

        return ValueOrdering.Compare(lower, value) <= 0 && ValueOrdering.Compare(value, upper) <= 0;
    }

    private static bool In(InCondition condition, IReadOnlyDictionary<string, AttributeValue>? item)
    {
        var value = Value(condition.Value, item);
        if (value is null)
        {
            return false;
        }

        foreach (var candidate in condition.Candidates)
        {
            var other = Value(candidate, item);
            if (other is not null && AttributeValueEquality.AreEqual(value, other))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Function(FunctionCondition function, IReadOnlyDictionary<string, AttributeValue>? item)
    {
        var arguments = function.Arguments;
        switch (function.Function)
        {
            case ConditionFunction.AttributeExists:
                return Value(arguments[0], item) is not null;
            case ConditionFunction.AttributeNotExists:
                return Value(arguments[0], item) is null;
            case ConditionFunction.AttributeType:
            {
                var value = Value(arguments[0], item);
                var type = Value(arguments[1], item);
                return value is not null && type is { Kind: AttributeKind.S } && string.Equals(KindName(value.Kind), type.S, StringComparison.Ordinal);
            }

            case ConditionFunction.BeginsWith:
                return BeginsWith(Value(arguments[0], item), Value(arguments[1], item));
            case ConditionFunction.Contains:
                return Contains(Value(arguments[0], item), Value(arguments[1], item));
            default:
                throw new ArgumentException("Unknown function " + function.Function, nameof(function));
        }
    }

    private static string KindName(AttributeKind kind) => kind switch
    {
        AttributeKind.S => "S",
        AttributeKind.N => "N",
        AttributeKind.B => "B",
        AttributeKind.BOOL => "BOOL",
        AttributeKind.NULL => "NULL",
        AttributeKind.M => "M",
        AttributeKind.L => "L",
        AttributeKind.SS => "SS",
        AttributeKind.NS => "NS",
        AttributeKind.BS => "BS",
        _ => string.Empty,
    };

    private static bool BeginsWith(AttributeValue? value, AttributeValue? prefix)
    {
        if (value is null || prefix is null || value.Kind != prefix.Kind)
        {
            return false;
        }

        return value.Kind switch
        {
            AttributeKind.S => value.S!.StartsWith(prefix.S!, StringComparison.Ordinal),
            AttributeKind.B => value.B.AsSpan().StartsWith(prefix.B),
            _ => false,
        };
    }

    /// <summary>contains(a, b): substring of a string, subsequence of a binary, member of a set or element of a list.</summary>
    public static bool Contains(AttributeValue? container, AttributeValue? element)
    {
        if (container is null || element is null)
        {
            return false;
        }

        switch (container.Kind)
        {
            case AttributeKind.S:
                return element.Kind == AttributeKind.S && container.S!.Contains(element.S!, StringComparison.Ordinal);
            case AttributeKind.B:
                return element.Kind == AttributeKind.B && container.B.AsSpan().IndexOf(element.B) >= 0;
            case AttributeKind.SS:
                if (element.Kind == AttributeKind.S)
                {
                    foreach (var member in container.SS!)
                    {
                        if (string.Equals(member, element.S, StringComparison.Ordinal))
                        {
                            return true;
                        }
                    }
                }

                return false;
            case AttributeKind.NS:
                if (element.Kind == AttributeKind.N)
                {
                    foreach (var member in container.NS!)
                    {
                        if (member.Equals(element.N))
                        {
                            return true;
                        }
                    }
                }

                return false;
            case AttributeKind.BS:
                if (element.Kind == AttributeKind.B)
                {
                    foreach (var member in container.BS!)
                    {
                        if (member.AsSpan().SequenceEqual(element.B))
                        {
                            return true;
                        }
                    }
                }

                return false;
            case AttributeKind.L:
                foreach (var member in container.L!)
                {
                    if (AttributeValueEquality.AreEqual(member, element))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }
}
