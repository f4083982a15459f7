using System.Globalization;
using System.Text;

namespace Basalt.Model.Expressions;

/// <summary>
/// Shared machinery of the three expression parsers: the token cursor, DynamoDB-style syntax
/// errors, document paths, placeholder resolution and the semantic error collector.
/// </summary>
internal abstract class ParserCore
{
    /// <summary>Largest expression DynamoDB accepts, in UTF-8 bytes.</summary>
    public const int MaxExpressionBytes = 4096;

    /// <summary>Most operators and functions one expression may contain.</summary>
    public const int MaxOperators = 300;

    /// <summary>Deepest document path DynamoDB accepts.</summary>
    public const int MaxPathDepth = 32;

    private static readonly AttributeValue Unresolved = AttributeValue.FromString("\0unresolved");

    private readonly List<Token> tokens;
    private int position;
    private int operatorCount;

    protected ParserCore(string text, ExpressionAttributes attributes, ExpressionKind kind)
    {
        Text = text;
        Attributes = attributes;
        Kind = kind;
        tokens = Lexer.Tokenize(text, kind);
    }

    protected string Text { get; }

    protected ExpressionAttributes Attributes { get; }

    protected ExpressionKind Kind { get; }

    protected ErrorCollector Errors { get; } = new();

    /// <summary>Rejects empty and oversized expressions before any parsing, as DynamoDB does.</summary>
    public static void CheckText(string? text, ExpressionKind kind)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ValidationException(kind.InvalidPrefix() + "The expression can not be empty;");
        }

        var size = Encoding.UTF8.GetByteCount(text);
        if (size > MaxExpressionBytes)
        {
            throw new ValidationException(kind.InvalidPrefix() +
                "Expression size has exceeded the maximum allowed size; expression size: " + size.ToString(CultureInfo.InvariantCulture));
        }
    }

    protected Token Current => tokens[position];

    protected Token PeekAt(int offset) => tokens[Math.Min(position + offset, tokens.Count - 1)];

    protected int Position
    {
        get => position;
        set => position = value;
    }

    protected Token Advance()
    {
        var token = tokens[position];
        if (token.Kind != TokenKind.Eof)
        {
            position++;
        }

        return token;
    }

    protected bool Accept(TokenKind kind)
    {
        if (Current.Kind != kind)
        {
            return false;
        }

        Advance();
        return true;
    }

    protected Token Expect(TokenKind kind)
    {
        if (Current.Kind != kind)
        {
            throw SyntaxError();
        }

        return Advance();
    }

    protected string TextOf(Token token) => Text.Substring(token.Start, token.Length);

    /// <summary>
    /// DynamoDB's syntax error at the current token: <c>Syntax error; token: "x", near: "a x b"</c>,
    /// where "near" spans from the previous token to the next one in the original text.
    /// </summary>
    protected ValidationException SyntaxError()
    {
        var token = tokens[position];
        var from = position > 0 ? tokens[position - 1].Start : token.Start;
        var to = token.Kind == TokenKind.Eof
            ? (position > 0 ? tokens[position - 1].End : token.Start)
            : (tokens[position + 1].Kind == TokenKind.Eof ? token.End : tokens[position + 1].End);
        var shown = token.Kind == TokenKind.Eof ? "<EOF>" : TextOf(token);
        return new ValidationException(Kind.InvalidPrefix() + "Syntax error; token: \"" + shown + "\", near: \"" +
            Text[from..to] + "\"");
    }

    protected ValidationException RedundantParentheses() =>
        new(Kind.InvalidPrefix() + "The expression has redundant parentheses;");

    protected void CountOperator()
    {
        operatorCount++;
        if (operatorCount == MaxOperators + 1)
        {
            Errors.Add(ErrorCategory.TooManyOperators, "The expression contains too many operators; operator count: " +
                operatorCount.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Records the final operator count in the too-many-operators message once parsing is done.</summary>
    protected void FinishOperatorCount()
    {
        if (operatorCount > MaxOperators && !Errors.Has(ErrorCategory.TooManyOperators))
        {
            Errors.Add(ErrorCategory.TooManyOperators, "The expression contains too many operators; operator count: " +
                operatorCount.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Records overlap (one path a prefix of the other) or conflict (a name against an index) with earlier paths.</summary>
    protected void CheckOverlap(List<DocumentPath> earlierPaths, DocumentPath path)
    {
        foreach (var earlier in earlierPaths)
        {
            CheckPair(earlier, path);
        }
    }

    private void CheckPair(DocumentPath one, DocumentPath two)
    {
        var common = Math.Min(one.Count, two.Count);
        for (var i = 0; i < common; i++)
        {
            if (one[i].IsIndex != two[i].IsIndex)
            {
                Errors.Add(ErrorCategory.Conflict, "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: " +
                    one + ", path two: " + two);
                return;
            }

            if (!one[i].Equals(two[i]))
            {
                return;
            }
        }

        Errors.Add(ErrorCategory.Overlap, "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: " +
            one + ", path two: " + two);
    }

    protected bool IsPathStart(Token token) => token.Kind is TokenKind.Identifier or TokenKind.NameRef;

    /// <summary>path := id ( '.' id | '[' INDEX ']' )*, id := identifier | #name.</summary>
    protected DocumentPath ParsePath()
    {
        var elements = new List<PathElement>(4) { PathElement.Attribute(ParsePathName()) };
        while (true)
        {
            if (Current.Kind == TokenKind.Dot)
            {
                Advance();
                elements.Add(PathElement.Attribute(ParsePathName()));
            }
            else if (Current.Kind == TokenKind.LeftBracket)
            {
                Advance();
                var index = Expect(TokenKind.Index);
                Expect(TokenKind.RightBracket);
                if (!int.TryParse(Text.AsSpan(index.Start, index.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                {
                    Errors.Add(ErrorCategory.IndexRange, "List index is not within the allowable range; index: [" + TextOf(index) + "]");
                    value = 0;
                }

                elements.Add(PathElement.ListIndex(value));
            }
            else
            {
                break;
            }
        }

        if (elements.Count > MaxPathDepth)
        {
            Errors.Add(ErrorCategory.Nesting, "The document path has too many nesting levels; nesting levels: " +
                elements.Count.ToString(CultureInfo.InvariantCulture));
        }

        return new DocumentPath(elements);
    }

    private string ParsePathName()
    {
        var token = Current;
        if (token.Kind == TokenKind.Identifier)
        {
            Advance();
            var name = TextOf(token);
            if (ReservedWords.IsReserved(name))
            {
                Errors.Add(ErrorCategory.Reserved, "Attribute name is a reserved keyword; reserved keyword: " + name);
            }

            return name;
        }

        if (token.Kind == TokenKind.NameRef)
        {
            Advance();
            var placeholder = TextOf(token);
            if (Attributes.TryResolveName(placeholder, out var name))
            {
                return name;
            }

            var message = "An expression attribute name used in the document path is not defined; attribute name: " + placeholder;
            Errors.Add(ErrorCategory.UndefinedName, message);
            Errors.Add(ErrorCategory.Undefined, message);
            return placeholder;
        }

        throw SyntaxError();
    }

    /// <summary>Resolves a :value token; an undefined one is recorded and yields a value no type check looks at.</summary>
    protected (string Placeholder, AttributeValue Value) ParseValueRef()
    {
        var token = Expect(TokenKind.ValueRef);
        var placeholder = TextOf(token);
        if (Attributes.TryResolveValue(placeholder, out var value))
        {
            return (placeholder, value);
        }

        var message = "An expression attribute value used in expression is not defined; attribute value: " + placeholder;
        Errors.Add(ErrorCategory.UndefinedValue, message);
        Errors.Add(ErrorCategory.Undefined, message);
        return (placeholder, Unresolved);
    }

    protected static bool IsResolved(AttributeValue value) => !ReferenceEquals(value, Unresolved);

    /// <summary>The data type name DynamoDB prints in operand type errors of functions ("S", "N", "BOOL", ...).</summary>
    protected static string TypeName(AttributeValue value) => value.Kind.ToString();

    protected static string Plural(int count) => count.ToString(CultureInfo.InvariantCulture);
}
