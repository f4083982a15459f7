namespace Basalt.Model.Expressions;

/// <summary>
/// Turns a parsed KeyConditionExpression (or translated legacy KeyConditions) into a
/// <see cref="KeyCondition"/>: an equality on the partition key and at most one condition on the
/// sort key, joined by AND. Everything else is rejected with DynamoDB's messages.
/// </summary>
public static class KeyConditionAnalyzer
{
    public static KeyCondition Analyze(ConditionNode condition, string partitionKeyName, string? sortKeyName)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(partitionKeyName);
        var parts = new List<Part>(2);
        Collect(condition, parts);
        if (parts.Count is not (1 or 2))
        {
            throw new ValidationException("Conditions can be of length 1 or 2 only");
        }

        var partition = Find(parts, partitionKeyName) ?? throw Missed(partitionKeyName);
        Part? sort = null;
        if (parts.Count == 2)
        {
            if (sortKeyName is null)
            {
                throw new ValidationException("Query key condition not supported");
            }

            sort = Find(parts, sortKeyName) ?? throw Missed(sortKeyName);
        }

        if (partition.Operator != SortKeyOperator.Equal)
        {
            throw new ValidationException("Query key condition not supported");
        }

        var sortCondition = sort is null ? null : new SortKeyCondition(sort.Name, sort.Operator, sort.Value, sort.Upper);
        return new KeyCondition(partitionKeyName, partition.Value, sortCondition);
    }

    private static ValidationException Missed(string name) => new("Query condition missed key schema element: " + name);

    private static Part? Find(List<Part> parts, string name)
    {
        foreach (var part in parts)
        {
            if (string.Equals(part.Name, name, StringComparison.Ordinal))
            {
                return part;
            }
        }

        return null;
    }

    private static void Collect(ConditionNode node, List<Part> parts)
    {
        switch (node)
        {
            case AndCondition and:
                Collect(and.Left, parts);
                Collect(and.Right, parts);
                return;
            case OrCondition:
                throw InvalidOperator("OR");
            case NotCondition:
                throw InvalidOperator("NOT");
            case InCondition:
                throw InvalidOperator("IN");
            case ComparisonCondition { Operator: ComparisonOperator.NotEqual }:
                throw InvalidOperator("<>");
            case ComparisonCondition comparison:
                Add(parts, Leaf(comparison.Operator, [comparison.Left, comparison.Right]));
                return;
            case BetweenCondition between:
                if (between.Value is not PathOperand)
                {
                    CheckOperands([between.Value, between.Lower, between.Upper]);
                    throw new ValidationException("Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand");
                }

                var (name, _) = KeyPath([between.Value, between.Lower, between.Upper]);
                Add(parts, new Part(name, SortKeyOperator.Between, Literal(between.Lower), Literal(between.Upper)));
                return;
            case FunctionCondition { Function: ConditionFunction.BeginsWith } beginsWith:
                if (beginsWith.Arguments[0] is not PathOperand)
                {
                    CheckOperands(beginsWith.Arguments);
                    throw new ValidationException("Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand");
                }

                var (prefixKey, _) = KeyPath(beginsWith.Arguments);
                Add(parts, new Part(prefixKey, SortKeyOperator.BeginsWith, Literal(beginsWith.Arguments[1]), null));
                return;
            case FunctionCondition function:
                throw InvalidOperator(FunctionCondition.Name(function.Function));
            default:
                throw new ArgumentException("Unknown condition node " + node.GetType().Name, nameof(node));
        }
    }

    private static ValidationException InvalidOperator(string name) => new("Invalid operator used in KeyConditionExpression: " + name);

    private static Part Leaf(ComparisonOperator op, Operand[] operands)
    {
        var (name, position) = KeyPath(operands);
        var reversed = position != 0;
        var sortOperator = op switch
        {
            ComparisonOperator.Equal => SortKeyOperator.Equal,
            ComparisonOperator.Less => reversed ? SortKeyOperator.Greater : SortKeyOperator.Less,
            ComparisonOperator.LessOrEqual => reversed ? SortKeyOperator.GreaterOrEqual : SortKeyOperator.LessOrEqual,
            ComparisonOperator.Greater => reversed ? SortKeyOperator.Less : SortKeyOperator.Greater,
            _ => reversed ? SortKeyOperator.LessOrEqual : SortKeyOperator.GreaterOrEqual,
        };
        return new Part(name, sortOperator, Literal(operands[1 - position]), null);
    }

    /// <summary>Rejects size() anywhere and nested paths, then finds the one key attribute path.</summary>
    private static (string Name, int Position) KeyPath(IReadOnlyList<Operand> operands)
    {
        CheckOperands(operands);
        string? name = null;
        var position = -1;
        for (var i = 0; i < operands.Count; i++)
        {
            if (operands[i] is PathOperand path)
            {
                if (name is not null)
                {
                    throw new ValidationException("Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
                }

                if (!path.Path.IsTopLevel)
                {
                    throw new ValidationException("KeyConditionExpressions cannot have conditions on nested attributes");
                }

                name = path.Path.TopLevelName;
                position = i;
            }
        }

        return name is null
            ? throw new ValidationException("Invalid condition in KeyConditionExpression: No key attribute specified")
            : (name, position);
    }

    private static void CheckOperands(IReadOnlyList<Operand> operands)
    {
        foreach (var operand in operands)
        {
            if (operand is SizeOperand)
            {
                throw new ValidationException("KeyConditionExpressions cannot contain nested operations");
            }
        }
    }

    private static AttributeValue Literal(Operand operand) => operand is ValueOperand value
        ? value.Value
        : throw new ValidationException("Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");

    private static void Add(List<Part> parts, Part part)
    {
        if (Find(parts, part.Name) is not null)
        {
            throw new ValidationException("KeyConditionExpressions must only contain one condition per key");
        }

        parts.Add(part);
    }

    private sealed record Part(string Name, SortKeyOperator Operator, AttributeValue Value, AttributeValue? Upper);
}
