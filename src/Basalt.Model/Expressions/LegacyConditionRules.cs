namespace Basalt.Model.Expressions;

/// <summary>DynamoDB's rules for the legacy ComparisonOperator / AttributeValueList pairs.</summary>
internal static class LegacyConditionRules
{
    public const string OperatorEnum = "[IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]";

    private const string Invalid = "One or more parameter values were invalid: ";

    public static bool IsKnownOperator(string op) => op is "EQ" or "NE" or "LE" or "LT" or "GE" or "GT" or "NOT_NULL" or "NULL"
        or "CONTAINS" or "NOT_CONTAINS" or "BEGINS_WITH" or "IN" or "BETWEEN";

    /// <summary>Checks the value count, same-type and per-operator type rules and BETWEEN's order.</summary>
    public static void Validate(string op, IReadOnlyList<AttributeValue> values)
    {
        var countOk = op switch
        {
            "NULL" or "NOT_NULL" => values.Count == 0,
            "IN" => values.Count >= 1,
            "BETWEEN" => values.Count == 2,
            _ => values.Count == 1,
        };
        if (!countOk)
        {
            throw new ValidationException(Invalid + "Invalid number of argument(s) for the " + op + " ComparisonOperator");
        }

        if (values.Count == 0)
        {
            return;
        }

        var kind = values[0].Kind;
        foreach (var value in values)
        {
            if (value.Kind != kind)
            {
                throw new ValidationException(Invalid + "AttributeValues inside AttributeValueList must be of same type");
            }
        }

        var allowed = op switch
        {
            "EQ" or "NE" => true,
            "BEGINS_WITH" => kind is AttributeKind.S or AttributeKind.B,
            _ => kind is AttributeKind.S or AttributeKind.N or AttributeKind.B,
        };
        if (!allowed)
        {
            throw new ValidationException(Invalid + "ComparisonOperator " + op + " is not valid for " + kind + " AttributeValue type");
        }

        if (op == "BETWEEN" && KeyComparer.Compare(values[0], values[1]) > 0)
        {
            throw new ValidationException("The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
        }
    }

    /// <summary>The condition an operator stands for on top-level attribute <paramref name="name"/>.</summary>
    public static ConditionNode Translate(string name, string op, IReadOnlyList<AttributeValue> values)
    {
        var path = new PathOperand(DocumentPath.TopLevel(name));
        Operand V(int i) => new ValueOperand(string.Empty, values[i]);
        return op switch
        {
            "EQ" => new ComparisonCondition(ComparisonOperator.Equal, path, V(0)),
            "NE" => new ComparisonCondition(ComparisonOperator.NotEqual, path, V(0)),
            "LE" => new ComparisonCondition(ComparisonOperator.LessOrEqual, path, V(0)),
            "LT" => new ComparisonCondition(ComparisonOperator.Less, path, V(0)),
            "GE" => new ComparisonCondition(ComparisonOperator.GreaterOrEqual, path, V(0)),
            "GT" => new ComparisonCondition(ComparisonOperator.Greater, path, V(0)),
            "NOT_NULL" => new FunctionCondition(ConditionFunction.AttributeExists, [path]),
            "NULL" => new FunctionCondition(ConditionFunction.AttributeNotExists, [path]),
            "CONTAINS" => new FunctionCondition(ConditionFunction.Contains, [path, V(0)]),

            // Unlike NOT contains(), NOT_CONTAINS is false when the attribute is missing.
            "NOT_CONTAINS" => new AndCondition(
                new FunctionCondition(ConditionFunction.AttributeExists, [path]),
                new NotCondition(new FunctionCondition(ConditionFunction.Contains, [path, V(0)]))),
            "BEGINS_WITH" => new FunctionCondition(ConditionFunction.BeginsWith, [path, V(0)]),
            "IN" => new InCondition(path, values.Select(v => (Operand)new ValueOperand(string.Empty, v)).ToList()),
            "BETWEEN" => new BetweenCondition(path, V(0), V(1)),
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown comparison operator."),
        };
    }
}
