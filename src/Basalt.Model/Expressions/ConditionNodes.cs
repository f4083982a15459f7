namespace Basalt.Model.Expressions;

/// <summary>A node of a parsed condition (ConditionExpression, FilterExpression, KeyConditionExpression, legacy conditions).</summary>
public abstract class ConditionNode
{
    private protected ConditionNode()
    {
    }
}

public sealed class AndCondition(ConditionNode left, ConditionNode right) : ConditionNode
{
    public ConditionNode Left { get; } = left ?? throw new ArgumentNullException(nameof(left));

    public ConditionNode Right { get; } = right ?? throw new ArgumentNullException(nameof(right));

    public override string ToString() => "(" + Left + " AND " + Right + ")";
}

public sealed class OrCondition(ConditionNode left, ConditionNode right) : ConditionNode
{
    public ConditionNode Left { get; } = left ?? throw new ArgumentNullException(nameof(left));

    public ConditionNode Right { get; } = right ?? throw new ArgumentNullException(nameof(right));

    public override string ToString() => "(" + Left + " OR " + Right + ")";
}

public sealed class NotCondition(ConditionNode operand) : ConditionNode
{
    public ConditionNode Operand { get; } = operand ?? throw new ArgumentNullException(nameof(operand));

    public override string ToString() => "(NOT " + Operand + ")";
}

/// <summary>The six comparators.</summary>
public enum ComparisonOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

public sealed class ComparisonCondition(ComparisonOperator op, Operand left, Operand right) : ConditionNode
{
    public ComparisonOperator Operator { get; } = op;

    public Operand Left { get; } = left ?? throw new ArgumentNullException(nameof(left));

    public Operand Right { get; } = right ?? throw new ArgumentNullException(nameof(right));

    public override string ToString() => "(" + Left + " " + Symbol(Operator) + " " + Right + ")";

    /// <summary>The operator as written in expressions.</summary>
    public static string Symbol(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.NotEqual => "<>",
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        ComparisonOperator.Greater => ">",
        ComparisonOperator.GreaterOrEqual => ">=",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };
}

public sealed class BetweenCondition(Operand value, Operand lower, Operand upper) : ConditionNode
{
    public Operand Value { get; } = value ?? throw new ArgumentNullException(nameof(value));

    public Operand Lower { get; } = lower ?? throw new ArgumentNullException(nameof(lower));

    public Operand Upper { get; } = upper ?? throw new ArgumentNullException(nameof(upper));

    public override string ToString() => "(" + Value + " BETWEEN " + Lower + " AND " + Upper + ")";
}

public sealed class InCondition(Operand value, IReadOnlyList<Operand> candidates) : ConditionNode
{
    public Operand Value { get; } = value ?? throw new ArgumentNullException(nameof(value));

    public IReadOnlyList<Operand> Candidates { get; } = candidates ?? throw new ArgumentNullException(nameof(candidates));

    public override string ToString() => "(" + Value + " IN (" + string.Join(", ", Candidates) + "))";
}

/// <summary>The boolean functions of conditions.</summary>
public enum ConditionFunction
{
    AttributeExists,
    AttributeNotExists,
    AttributeType,
    BeginsWith,
    Contains,
}

public sealed class FunctionCondition(ConditionFunction function, IReadOnlyList<Operand> arguments) : ConditionNode
{
    public ConditionFunction Function { get; } = function;

    public IReadOnlyList<Operand> Arguments { get; } = arguments ?? throw new ArgumentNullException(nameof(arguments));

    public override string ToString() => Name(Function) + "(" + string.Join(", ", Arguments) + ")";

    /// <summary>The function's name as written in expressions.</summary>
    public static string Name(ConditionFunction function) => function switch
    {
        ConditionFunction.AttributeExists => "attribute_exists",
        ConditionFunction.AttributeNotExists => "attribute_not_exists",
        ConditionFunction.AttributeType => "attribute_type",
        ConditionFunction.BeginsWith => "begins_with",
        ConditionFunction.Contains => "contains",
        _ => throw new ArgumentOutOfRangeException(nameof(function)),
    };
}
