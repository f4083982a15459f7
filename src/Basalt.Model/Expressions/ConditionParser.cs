using System.Globalization;

namespace Basalt.Model.Expressions;

/// <summary>
/// Recursive-descent parser for ConditionExpression, FilterExpression and KeyConditionExpression,
/// following DynamoDB's grammar: OR (lowest, right-associative) over AND over NOT over comparisons,
/// BETWEEN, IN, function calls and parenthesised conditions.
/// </summary>
internal sealed class ConditionParser : ParserCore
{
    /// <summary>Most operands (including the left one) an IN may have.</summary>
    public const int MaxInOperands = 100;

    private const string AllTypesForAttributeType = "{S,SS,N,NS,B,BS,BOOL,NULL,L,M,HD,DOUBLE,FLOAT,HDS,FS,DOUBLESET,DICT,DECIMAL,INT,DECIMALSET,INTSET}";

    private ConditionParser(string text, ExpressionAttributes attributes, ExpressionKind kind)
        : base(text, attributes, kind)
    {
    }

    public static ConditionNode Parse(string text, ExpressionAttributes attributes, ExpressionKind kind)
    {
        CheckText(text, kind);
        var parser = new ConditionParser(text, attributes, kind);
        var node = parser.ParseOr(out _);
        if (parser.Current.Kind != TokenKind.Eof)
        {
            throw parser.SyntaxError();
        }

        parser.FinishOperatorCount();
        parser.Errors.ThrowIfAny(kind);
        return node;
    }

    private ConditionNode ParseOr(out bool grouped)
    {
        var left = ParseAnd(out grouped);
        if (Current.Kind != TokenKind.Or)
        {
            return left;
        }

        Advance();
        CountOperator();
        var right = ParseOr(out _);
        grouped = false;
        return new OrCondition(left, right);
    }

    private ConditionNode ParseAnd(out bool grouped)
    {
        var left = ParseNot(out grouped);
        if (Current.Kind != TokenKind.And)
        {
            return left;
        }

        Advance();
        CountOperator();
        var right = ParseAnd(out _);
        grouped = false;
        return new AndCondition(left, right);
    }

    private ConditionNode ParseNot(out bool grouped)
    {
        if (Current.Kind != TokenKind.Not)
        {
            return ParsePrimary(out grouped);
        }

        Advance();
        CountOperator();
        var operand = ParseNot(out _);
        grouped = false;
        return new NotCondition(operand);
    }

    private ConditionNode ParsePrimary(out bool grouped)
    {
        if (Current.Kind == TokenKind.LeftParen && StartsParenthesizedCondition())
        {
            Advance();
            var inner = ParseOr(out var innerGrouped);
            Expect(TokenKind.RightParen);
            if (innerGrouped)
            {
                throw RedundantParentheses();
            }

            grouped = true;
            return inner;
        }

        grouped = false;
        Operand left;
        if (Current.Kind == TokenKind.Identifier && PeekAt(1).Kind == TokenKind.LeftParen)
        {
            var call = ParseCall();
            if (!IsComparisonContinuation(Current.Kind))
            {
                return ToCondition(call);
            }

            left = ToOperand(call);
        }
        else
        {
            left = ParseOperand(out _);
        }

        return ParseComparisonTail(left);
    }

    private static bool IsComparisonContinuation(TokenKind kind) => kind is TokenKind.Equal or TokenKind.NotEqual
        or TokenKind.Less or TokenKind.LessOrEqual or TokenKind.Greater or TokenKind.GreaterOrEqual
        or TokenKind.Between or TokenKind.In;

    /// <summary>
    /// At '(' decides between a parenthesised condition and a parenthesised operand: the latter is
    /// followed, after its closing parenthesis, by a comparator, BETWEEN or IN.
    /// </summary>
    private bool StartsParenthesizedCondition()
    {
        var depth = 0;
        for (var offset = 0; ; offset++)
        {
            var token = PeekAt(offset);
            switch (token.Kind)
            {
                case TokenKind.Eof:
                    return true;
                case TokenKind.LeftParen:
                    depth++;
                    break;
                case TokenKind.RightParen:
                    depth--;
                    if (depth == 0)
                    {
                        return !IsComparisonContinuation(PeekAt(offset + 1).Kind);
                    }

                    break;
            }
        }
    }

    private ConditionNode ParseComparisonTail(Operand left)
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Equal:
            case TokenKind.NotEqual:
            case TokenKind.Less:
            case TokenKind.LessOrEqual:
            case TokenKind.Greater:
            case TokenKind.GreaterOrEqual:
            {
                Advance();
                CountOperator();
                var right = ParseOperand(out _);
                var op = token.Kind switch
                {
                    TokenKind.Equal => ComparisonOperator.Equal,
                    TokenKind.NotEqual => ComparisonOperator.NotEqual,
                    TokenKind.Less => ComparisonOperator.Less,
                    TokenKind.LessOrEqual => ComparisonOperator.LessOrEqual,
                    TokenKind.Greater => ComparisonOperator.Greater,
                    _ => ComparisonOperator.GreaterOrEqual,
                };
                CheckComparison(op, left, right);
                return new ComparisonCondition(op, left, right);
            }

            case TokenKind.Between:
            {
                Advance();
                CountOperator();
                var lower = ParseOperand(out _);
                Expect(TokenKind.And);
                var upper = ParseOperand(out _);
                CheckBetween(lower, upper);
                return new BetweenCondition(left, lower, upper);
            }

            case TokenKind.In:
            {
                Advance();
                CountOperator();
                Expect(TokenKind.LeftParen);
                var candidates = new List<Operand> { ParseOperand(out _) };
                while (Accept(TokenKind.Comma))
                {
                    candidates.Add(ParseOperand(out _));
                }

                Expect(TokenKind.RightParen);
                if (candidates.Count + 1 > MaxInOperands)
                {
                    Errors.Add(ErrorCategory.OperandCount, "The IN operator is provided with too many operands; number of operands: " +
                        (candidates.Count + 1).ToString(CultureInfo.InvariantCulture));
                }

                return new InCondition(left, candidates);
            }

            default:
                throw SyntaxError();
        }
    }

    /// <summary>operand := path | :value | function call | '(' operand ')'.</summary>
    private Operand ParseOperand(out bool parenthesized)
    {
        if (Current.Kind == TokenKind.LeftParen)
        {
            Advance();
            var inner = ParseOperand(out var innerParenthesized);
            Expect(TokenKind.RightParen);
            if (innerParenthesized)
            {
                throw RedundantParentheses();
            }

            parenthesized = true;
            return inner;
        }

        parenthesized = false;
        if (Current.Kind == TokenKind.ValueRef)
        {
            var (placeholder, value) = ParseValueRef();
            return new ValueOperand(placeholder, value);
        }

        if (Current.Kind == TokenKind.Identifier && PeekAt(1).Kind == TokenKind.LeftParen)
        {
            return ToOperand(ParseCall());
        }

        if (IsPathStart(Current))
        {
            return new PathOperand(ParsePath());
        }

        throw SyntaxError();
    }

    private Call ParseCall()
    {
        var name = TextOf(Advance());
        Expect(TokenKind.LeftParen);
        var arguments = new List<Operand> { ParseOperand(out _) };
        while (Accept(TokenKind.Comma))
        {
            arguments.Add(ParseOperand(out _));
        }

        Expect(TokenKind.RightParen);
        CountOperator();
        return new Call(name, arguments);
    }

    /// <summary>A function call used where a value is expected: only size() produces a value.</summary>
    private Operand ToOperand(Call call)
    {
        switch (call.Name)
        {
            case "size":
                if (!CheckOperandCount(call, 1))
                {
                    return call;
                }

                var argument = call.Arguments[0];
                var type = StaticType(argument);
                if (type is "N" or "BOOL" or "NULL")
                {
                    Errors.Add(ErrorCategory.FunctionOperand, TypeError("size", type));
                }

                return new SizeOperand(argument);
            case "attribute_exists":
            case "attribute_not_exists":
            case "attribute_type":
            case "begins_with":
            case "contains":
                Errors.Add(ErrorCategory.MisusedFunction, "The function is not allowed to be used this way in an expression; function: " + call.Name);
                return call;
            default:
                ReportNonConditionFunction(call.Name);
                return call;
        }
    }

    /// <summary>A function call used as a condition: one of the boolean functions.</summary>
    private ConditionNode ToCondition(Call call)
    {
        ConditionFunction function;
        switch (call.Name)
        {
            case "attribute_exists":
                function = ConditionFunction.AttributeExists;
                if (CheckOperandCount(call, 1))
                {
                    RequirePath(call);
                }

                break;
            case "attribute_not_exists":
                function = ConditionFunction.AttributeNotExists;
                if (CheckOperandCount(call, 1))
                {
                    RequirePath(call);
                }

                break;
            case "attribute_type":
                function = ConditionFunction.AttributeType;
                if (CheckOperandCount(call, 2))
                {
                    CheckDistinct(call.Name, call.Arguments[0], call.Arguments[1]);
                    CheckAttributeTypeName(call.Arguments[1]);
                }

                break;
            case "begins_with":
                function = ConditionFunction.BeginsWith;
                if (CheckOperandCount(call, 2))
                {
                    CheckDistinct(call.Name, call.Arguments[0], call.Arguments[1]);
                    foreach (var argument in call.Arguments)
                    {
                        var type = StaticType(argument);
                        if (type is not null and not "S" and not "B")
                        {
                            Errors.Add(ErrorCategory.FunctionOperand, TypeError(call.Name, type));
                            break;
                        }
                    }
                }

                break;
            case "contains":
                function = ConditionFunction.Contains;
                if (CheckOperandCount(call, 2))
                {
                    CheckDistinct(call.Name, call.Arguments[0], call.Arguments[1]);
                }

                break;
            case "size":
                Errors.Add(ErrorCategory.MisusedFunction, "The function is not allowed to be used this way in an expression; function: size");
                return new FunctionCondition(ConditionFunction.AttributeExists, call.Arguments);
            default:
                ReportNonConditionFunction(call.Name);
                return new FunctionCondition(ConditionFunction.AttributeExists, call.Arguments);
        }

        return new FunctionCondition(function, call.Arguments);
    }

    private void ReportNonConditionFunction(string name)
    {
        Errors.Add(ErrorCategory.UnknownFunction, name is "if_not_exists" or "list_append"
            ? "The function is not allowed in a condition expression; function: " + name
            : "Invalid function name; function: " + name);
    }

    private bool CheckOperandCount(Call call, int expected)
    {
        if (call.Arguments.Count == expected)
        {
            return true;
        }

        Errors.Add(ErrorCategory.OperandCount, "Incorrect number of operands for operator or function; operator or function: " +
            call.Name + ", number of operands: " + Plural(call.Arguments.Count));
        return false;
    }

    private void RequirePath(Call call)
    {
        if (call.Arguments[0] is not PathOperand)
        {
            Errors.Add(ErrorCategory.FunctionOperand, "Operator or function requires a document path; operator or function: " + call.Name);
        }
    }

    private void CheckAttributeTypeName(Operand operand)
    {
        switch (operand)
        {
            case PathOperand:
                Errors.Add(ErrorCategory.FunctionOperand, TypeError("attribute_type", AllTypesForAttributeType));
                break;
            case SizeOperand:
                Errors.Add(ErrorCategory.FunctionOperand, TypeError("attribute_type", "N"));
                break;
            case ValueOperand { Value: var value } when IsResolved(value):
                if (value.Kind != AttributeKind.S)
                {
                    Errors.Add(ErrorCategory.FunctionOperand, TypeError("attribute_type", TypeName(value)));
                }
                else if (!Enum.TryParse<AttributeKind>(value.S, ignoreCase: false, out var kind) || kind.ToString() != value.S)
                {
                    Errors.Add(ErrorCategory.FunctionOperand, "Invalid attribute type name found; type: " + value.S +
                        ", valid types: {S,SS,N,NS,B,BS,BOOL,NULL,L,M}");
                }

                break;
        }
    }

    private void CheckDistinct(string operatorName, Operand first, Operand second)
    {
        if (first is PathOperand a && second is PathOperand b && a.Path.Equals(b.Path))
        {
            Errors.Add(ErrorCategory.Distinct, "The first operand must be distinct from the remaining operands for this operator or function; operator: " +
                operatorName + ", first operand: " + a.Path);
        }
    }

    private void CheckComparison(ComparisonOperator op, Operand left, Operand right)
    {
        var symbol = ComparisonCondition.Symbol(op);
        CheckDistinct(symbol, left, right);
        if (op is ComparisonOperator.Equal or ComparisonOperator.NotEqual)
        {
            return;
        }

        foreach (var operand in (ReadOnlySpan<Operand>)[left, right])
        {
            var type = StaticType(operand);
            if (type is not null and not "S" and not "N" and not "B")
            {
                Errors.Add(ErrorCategory.FunctionOperand, TypeError(symbol, type));
                return;
            }
        }
    }

    private void CheckBetween(Operand lower, Operand upper)
    {
        foreach (var operand in (ReadOnlySpan<Operand>)[lower, upper])
        {
            var type = StaticType(operand);
            if (type is not null and not "S" and not "N" and not "B")
            {
                Errors.Add(ErrorCategory.FunctionOperand, TypeError("BETWEEN", type));
                return;
            }
        }

        if (lower is ValueOperand { Value: var low } && upper is ValueOperand { Value: var high } && IsResolved(low) && IsResolved(high))
        {
            if (low.Kind != high.Kind)
            {
                Errors.Add(ErrorCategory.FunctionOperand, "The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: " +
                    ValueRendering.Describe(low) + ", upper bound operand: " + ValueRendering.Describe(high));
            }
            else if (ValueOrdering.Compare(low, high) > 0)
            {
                Errors.Add(ErrorCategory.FunctionOperand, "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: " +
                    ValueRendering.Describe(low) + ", upper bound operand: " + ValueRendering.Describe(high));
            }
        }
    }

    /// <summary>The type an operand is known to have before evaluation: literals and size(); null when unknown.</summary>
    private static string? StaticType(Operand operand) => operand switch
    {
        ValueOperand { Value: var value } when IsResolved(value) => TypeName(value),
        SizeOperand => "N",
        _ => null,
    };

    private static string TypeError(string operatorName, string type) =>
        "Incorrect operand type for operator or function; operator or function: " + operatorName + ", operand type: " + type;

    /// <summary>A function call seen while parsing, before it is known to be a condition or a value.</summary>
    private sealed class Call(string name, List<Operand> arguments) : Operand
    {
        public string Name { get; } = name;

        public List<Operand> Arguments { get; } = arguments;
    }
}
