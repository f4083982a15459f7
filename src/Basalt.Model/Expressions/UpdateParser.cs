namespace Basalt.Model.Expressions;

/// <summary>
/// Parser for UpdateExpression: one or more SET, REMOVE, ADD and DELETE sections (each at most
/// once, keywords case-insensitive), with +/- arithmetic, if_not_exists and list_append.
/// </summary>
internal sealed class UpdateParser : ParserCore
{
    private readonly List<UpdateAction> actions = [];
    private readonly List<DocumentPath> paths = [];
    private readonly bool[] sectionsSeen = new bool[4];

    private UpdateParser(string text, ExpressionAttributes attributes)
        : base(text, attributes, ExpressionKind.Update)
    {
    }

    public static UpdateExpression Parse(string text, ExpressionAttributes attributes)
    {
        CheckText(text, ExpressionKind.Update);
        var parser = new UpdateParser(text, attributes);
        do
        {
            parser.ParseSection();
        }
        while (parser.Current.Kind != TokenKind.Eof);

        parser.FinishOperatorCount();
        parser.Errors.ThrowIfAny(ExpressionKind.Update);
        return new UpdateExpression(parser.actions, isLegacy: false);
    }

    private void ParseSection()
    {
        var keyword = Current.Kind;
        var (section, name) = keyword switch
        {
            TokenKind.Set => (UpdateActionKind.Set, "SET"),
            TokenKind.Remove => (UpdateActionKind.Remove, "REMOVE"),
            TokenKind.Add => (UpdateActionKind.Add, "ADD"),
            TokenKind.Delete => (UpdateActionKind.Delete, "DELETE"),
            _ => throw SyntaxError(),
        };
        Advance();
        if (sectionsSeen[(int)section])
        {
            Errors.Add(ErrorCategory.Section, "The \"" + name + "\" section can only be used once in an update expression;");
        }

        sectionsSeen[(int)section] = true;
        do
        {
            ParseAction(section);
        }
        while (Accept(TokenKind.Comma));
    }

    private void ParseAction(UpdateActionKind section)
    {
        if (!IsPathStart(Current))
        {
            throw SyntaxError();
        }

        var path = ParsePath();
        switch (section)
        {
            case UpdateActionKind.Set:
                Expect(TokenKind.Equal);
                var value = ParseSetValue();
                Record(UpdateAction.Set(path, value));
                break;
            case UpdateActionKind.Remove:
                Record(UpdateAction.Remove(path));
                break;
            default:
                if (Current.Kind != TokenKind.ValueRef)
                {
                    throw SyntaxError();
                }

                var (_, operand) = ParseValueRef();
                if (IsResolved(operand))
                {
                    CheckAddDeleteOperand(section, operand);
                }

                Record(section == UpdateActionKind.Add ? UpdateAction.Add(path, operand) : UpdateAction.Delete(path, operand));
                break;
        }
    }

    private void CheckAddDeleteOperand(UpdateActionKind section, AttributeValue operand)
    {
        var allowed = operand.Kind is AttributeKind.SS or AttributeKind.NS or AttributeKind.BS
            || (section == UpdateActionKind.Add && operand.Kind == AttributeKind.N);
        if (!allowed)
        {
            Errors.Add(ErrorCategory.OperandType, "Incorrect operand type for operator or function; operator: " +
                (section == UpdateActionKind.Add ? "ADD" : "DELETE") + ", operand type: " + LongTypeName(operand.Kind) +
                ", typeSet: ALLOWED_FOR_ADD_OPERAND");
        }
    }

    private static string LongTypeName(AttributeKind kind) => kind switch
    {
        AttributeKind.S => "STRING",
        AttributeKind.N => "NUMBER",
        AttributeKind.B => "BINARY",
        AttributeKind.BOOL => "BOOLEAN",
        AttributeKind.NULL => "NULL",
        AttributeKind.L => "LIST",
        AttributeKind.M => "MAP",
        _ => kind.ToString(),
    };

    private void Record(UpdateAction action)
    {
        CheckOverlap(paths, action.Path);
        paths.Add(action.Path);
        actions.Add(action);
    }

    /// <summary>set_value := operand | operand ('+'|'-') operand | '(' arithmetic ')'.</summary>
    private UpdateValue ParseSetValue()
    {
        var first = ParseOperandOrArithmetic(out var isArithmetic, out _);
        if (isArithmetic || Current.Kind is not (TokenKind.Plus or TokenKind.Minus))
        {
            return first;
        }

        return ParseArithmeticTail(first);
    }

    private UpdateValue ParseOperandOrArithmetic(out bool isArithmetic, out bool parenthesized)
    {
        if (Current.Kind != TokenKind.LeftParen)
        {
            isArithmetic = false;
            parenthesized = false;
            return ParseOperand(out _);
        }

        Advance();
        var inner = ParseOperandOrArithmetic(out var innerArithmetic, out var innerParenthesized);
        if (!innerArithmetic && Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            inner = ParseArithmeticTail(inner);
            innerArithmetic = true;
            innerParenthesized = false;
        }

        Expect(TokenKind.RightParen);
        if (innerParenthesized)
        {
            throw RedundantParentheses();
        }

        isArithmetic = innerArithmetic;
        parenthesized = true;
        return inner;
    }

    private ArithmeticValue ParseArithmeticTail(UpdateValue left)
    {
        var isAddition = Advance().Kind == TokenKind.Plus;
        CountOperator();
        var right = ParseOperand(out _);
        var symbol = isAddition ? "+" : "-";
        foreach (var operand in (ReadOnlySpan<UpdateValue>)[left, right])
        {
            if (operand is LiteralValue { Value: var value } && IsResolved(value) && value.Kind != AttributeKind.N)
            {
                Errors.Add(ErrorCategory.FunctionOperand, TypeError(symbol, TypeName(value)));
                break;
            }
        }

        return new ArithmeticValue(left, isAddition, right);
    }

    /// <summary>operand := path | :value | function call | '(' operand ')'.</summary>
    private UpdateValue ParseOperand(out bool parenthesized)
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
            return new LiteralValue(placeholder, value);
        }

        if (Current.Kind == TokenKind.Identifier && PeekAt(1).Kind == TokenKind.LeftParen)
        {
            return ParseCall();
        }

        if (IsPathStart(Current))
        {
            return new PathValue(ParsePath());
        }

        throw SyntaxError();
    }

    private UpdateValue ParseCall()
    {
        var name = TextOf(Advance());
        Expect(TokenKind.LeftParen);
        var arguments = new List<UpdateValue> { ParseOperand(out _) };
        while (Accept(TokenKind.Comma))
        {
            arguments.Add(ParseOperand(out _));
        }

        Expect(TokenKind.RightParen);
        CountOperator();
        switch (name)
        {
            case "if_not_exists":
                if (!CheckOperandCount(name, arguments))
                {
                    return arguments[0];
                }

                if (arguments[0] is not PathValue path)
                {
                    Errors.Add(ErrorCategory.FunctionOperand, "Operator or function requires a document path; operator or function: if_not_exists");
                    return arguments[0];
                }

                return new IfNotExistsValue(path.Path, arguments[1]);
            case "list_append":
                if (!CheckOperandCount(name, arguments))
                {
                    return arguments[0];
                }

                foreach (var argument in arguments)
                {
                    if (argument is ListAppendValue)
                    {
                        Errors.Add(ErrorCategory.MisusedFunction, "The function is not allowed to be used this way in an expression; function: list_append");
                    }
                    else if (argument is LiteralValue { Value: var value } && IsResolved(value) && value.Kind != AttributeKind.L)
                    {
                        Errors.Add(ErrorCategory.FunctionOperand, TypeError(name, TypeName(value)));
                        break;
                    }
                }

                return new ListAppendValue(arguments[0], arguments[1]);
            case "attribute_exists":
            case "attribute_not_exists":
            case "attribute_type":
            case "begins_with":
            case "contains":
            case "size":
                Errors.Add(ErrorCategory.UnknownFunction, "The function is not allowed in an update expression; function: " + name);
                return arguments[0];
            default:
                Errors.Add(ErrorCategory.UnknownFunction, "Invalid function name; function: " + name);
                return arguments[0];
        }
    }

    private bool CheckOperandCount(string name, List<UpdateValue> arguments)
    {
        if (arguments.Count == 2)
        {
            return true;
        }

        Errors.Add(ErrorCategory.OperandCount, "Incorrect number of operands for operator or function; operator or function: " +
            name + ", number of operands: " + Plural(arguments.Count));
        return false;
    }

    private static string TypeError(string operatorName, string type) =>
        "Incorrect operand type for operator or function; operator or function: " + operatorName + ", operand type: " + type;
}
