namespace Basalt.Model.Expressions;

/// <summary>
/// Splits expression text into tokens the way DynamoDB's lexer does: identifiers start with a letter
/// and continue with letters, digits and '_'; #names and :values need at least one such character;
/// list indexes are 0 or digits without a leading zero; keywords are case-insensitive; any other
/// character is an "unknown" token that the parser reports as a syntax error. Condition keywords
/// (AND, OR, NOT, BETWEEN, IN) are keywords only in conditions and section keywords (SET, REMOVE,
/// ADD, DELETE) only in updates; elsewhere they are plain (reserved) attribute names.
/// </summary>
internal static class Lexer
{
    public static List<Token> Tokenize(string text, ExpressionKind expressionKind)
    {
        var conditionKeywords = expressionKind is ExpressionKind.Condition or ExpressionKind.Filter or ExpressionKind.KeyCondition;
        var updateKeywords = expressionKind == ExpressionKind.Update;
        var tokens = new List<Token>(Math.Min(text.Length / 2 + 1, 256));
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                i++;
                continue;
            }

            var start = i;
            TokenKind kind;
            switch (c)
            {
                case '=': kind = TokenKind.Equal; i++; break;
                case '+': kind = TokenKind.Plus; i++; break;
                case '-': kind = TokenKind.Minus; i++; break;
                case '(': kind = TokenKind.LeftParen; i++; break;
                case ')': kind = TokenKind.RightParen; i++; break;
                case '[': kind = TokenKind.LeftBracket; i++; break;
                case ']': kind = TokenKind.RightBracket; i++; break;
                case '.': kind = TokenKind.Dot; i++; break;
                case ',': kind = TokenKind.Comma; i++; break;
                case '<':
                    i++;
                    if (i < text.Length && text[i] == '>')
                    {
                        kind = TokenKind.NotEqual;
                        i++;
                    }
                    else if (i < text.Length && text[i] == '=')
                    {
                        kind = TokenKind.LessOrEqual;
                        i++;
                    }
                    else
                    {
                        kind = TokenKind.Less;
                    }

                    break;
                case '>':
                    i++;
                    if (i < text.Length && text[i] == '=')
                    {
                        kind = TokenKind.GreaterOrEqual;
                        i++;
                    }
                    else
                    {
                        kind = TokenKind.Greater;
                    }

                    break;
                case '#':
                case ':':
                    i = SkipIdentifierChars(text, i + 1);
                    kind = i - start > 1 ? (c == '#' ? TokenKind.NameRef : TokenKind.ValueRef) : TokenKind.Unknown;
                    break;
                case '"':
                case '\'':
                    var close = FindStringEnd(text, i, c);
                    if (close < 0)
                    {
                        kind = TokenKind.Unknown;
                        i++;
                    }
                    else
                    {
                        kind = TokenKind.StringLiteral;
                        i = close + 1;
                    }

                    break;
                default:
                    if (IsLetter(c))
                    {
                        i = SkipIdentifierChars(text, i + 1);
                        kind = KeywordOrIdentifier(text.AsSpan(start, i - start));
                        if ((IsConditionKeyword(kind) && !conditionKeywords) || (IsUpdateKeyword(kind) && !updateKeywords))
                        {
                            kind = TokenKind.Identifier;
                        }
                    }
                    else if (c == '0')
                    {
                        kind = TokenKind.Index;
                        i++;
                    }
                    else if (c is >= '1' and <= '9')
                    {
                        i++;
                        while (i < text.Length && char.IsAsciiDigit(text[i]))
                        {
                            i++;
                        }

                        kind = TokenKind.Index;
                    }
                    else
                    {
                        kind = TokenKind.Unknown;
                        i += char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
                    }

                    break;
            }

            tokens.Add(new Token(kind, start, i - start));
        }

        tokens.Add(new Token(TokenKind.Eof, text.Length, 0));
        return tokens;
    }

    private static bool IsConditionKeyword(TokenKind kind) =>
        kind is TokenKind.In or TokenKind.Or or TokenKind.Not or TokenKind.And or TokenKind.Between;

    private static bool IsUpdateKeyword(TokenKind kind) =>
        kind is TokenKind.Set or TokenKind.Add or TokenKind.Delete or TokenKind.Remove;

    private static bool IsLetter(char c) => char.IsAsciiLetter(c);

    private static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static int SkipIdentifierChars(string text, int i)
    {
        while (i < text.Length && IsIdentifierChar(text[i]))
        {
            i++;
        }

        return i;
    }

    private static int FindStringEnd(string text, int open, char quote)
    {
        for (var i = open + 1; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] == quote)
            {
                i++;
                continue;
            }

            if (text[i] == quote)
            {
                return i;
            }
        }

        return -1;
    }

    private static TokenKind KeywordOrIdentifier(ReadOnlySpan<char> word) => word.Length switch
    {
        2 when word.Equals("IN", StringComparison.OrdinalIgnoreCase) => TokenKind.In,
        2 when word.Equals("OR", StringComparison.OrdinalIgnoreCase) => TokenKind.Or,
        3 when word.Equals("NOT", StringComparison.OrdinalIgnoreCase) => TokenKind.Not,
        3 when word.Equals("AND", StringComparison.OrdinalIgnoreCase) => TokenKind.And,
        3 when word.Equals("SET", StringComparison.OrdinalIgnoreCase) => TokenKind.Set,
        3 when word.Equals("ADD", StringComparison.OrdinalIgnoreCase) => TokenKind.Add,
        6 when word.Equals("DELETE", StringComparison.OrdinalIgnoreCase) => TokenKind.Delete,
        6 when word.Equals("REMOVE", StringComparison.OrdinalIgnoreCase) => TokenKind.Remove,
        7 when word.Equals("BETWEEN", StringComparison.OrdinalIgnoreCase) => TokenKind.Between,
        _ => TokenKind.Identifier,
    };
}
