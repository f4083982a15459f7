namespace Basalt.Model.Expressions;

/// <summary>Lexical classes of DynamoDB's expression grammar.</summary>
internal enum TokenKind : byte
{
    Eof,
    Identifier,
    NameRef,
    ValueRef,
    Index,
    StringLiteral,
    Unknown,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Plus,
    Minus,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Dot,
    Comma,
    In,
    Between,
    Not,
    And,
    Or,
    Set,
    Add,
    Delete,
    Remove,
}

/// <summary>One token: its class and where it sits in the source text.</summary>
internal readonly record struct Token(TokenKind Kind, int Start, int Length)
{
    public int End => Start + Length;
}
