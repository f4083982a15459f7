namespace Basalt.Model.Expressions;

/// <summary>
/// Kinds of semantic errors found while parsing. DynamoDB reports at most one error per
/// expression; when several are present the one it reports depends on its kind, not its position,
/// so the parser records the first of each kind and reports by a per-expression priority.
/// </summary>
internal enum ErrorCategory
{
    TooManyOperators,
    UnknownFunction,
    MisusedFunction,
    Reserved,
    IndexRange,
    Nesting,
    Section,
    Undefined,
    UndefinedName,
    UndefinedValue,
    Overlap,
    Conflict,
    OperandType,
    OperandCount,
    Distinct,
    FunctionOperand,
}

/// <summary>First message per category; reported in the priority order of the expression kind.</summary>
internal sealed class ErrorCollector
{
    private static readonly ErrorCategory[] ConditionOrder =
    [
        ErrorCategory.TooManyOperators, ErrorCategory.UnknownFunction, ErrorCategory.MisusedFunction, ErrorCategory.Distinct,
        ErrorCategory.Reserved, ErrorCategory.IndexRange, ErrorCategory.Nesting, ErrorCategory.Undefined, ErrorCategory.OperandCount,
        ErrorCategory.FunctionOperand,
    ];

    private static readonly ErrorCategory[] UpdateOrder =
    [
        ErrorCategory.TooManyOperators, ErrorCategory.Reserved, ErrorCategory.IndexRange, ErrorCategory.Nesting,
        ErrorCategory.UnknownFunction, ErrorCategory.MisusedFunction, ErrorCategory.Section, ErrorCategory.UndefinedName, ErrorCategory.UndefinedValue,
        ErrorCategory.Overlap, ErrorCategory.Conflict, ErrorCategory.OperandType, ErrorCategory.OperandCount,
        ErrorCategory.FunctionOperand,
    ];

    private static readonly ErrorCategory[] ProjectionOrder =
    [
        ErrorCategory.Reserved, ErrorCategory.IndexRange, ErrorCategory.Nesting, ErrorCategory.Undefined,
        ErrorCategory.Overlap, ErrorCategory.Conflict,
    ];

    private readonly string?[] messages = new string?[Enum.GetValues<ErrorCategory>().Length];
    private bool any;

    public void Add(ErrorCategory category, string message)
    {
        messages[(int)category] ??= message;
        any = true;
    }

    public bool Has(ErrorCategory category) => messages[(int)category] is not null;

    /// <summary>Throws the highest-priority recorded error, prefixed with "Invalid XExpression: ".</summary>
    public void ThrowIfAny(ExpressionKind kind)
    {
        if (!any)
        {
            return;
        }

        var order = kind switch
        {
            ExpressionKind.Update => UpdateOrder,
            ExpressionKind.Projection => ProjectionOrder,
            _ => ConditionOrder,
        };
        foreach (var category in order)
        {
            var message = messages[(int)category];
            if (message is not null)
            {
                throw new ValidationException(kind.InvalidPrefix() + message);
            }
        }
    }
}
