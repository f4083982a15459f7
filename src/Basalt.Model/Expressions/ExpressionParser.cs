namespace Basalt.Model.Expressions;

/// <summary>
/// Entry point of the expression language: parses the text of an expression parameter into its
/// AST, resolving #names and :values through <see cref="ExpressionAttributes"/>. Every error is a
/// <see cref="ValidationException"/> carrying DynamoDB's message, e.g.
/// <c>Invalid ConditionExpression: Syntax error; token: "x", near: "a x"</c>.
/// </summary>
public static class ExpressionParser
{
    /// <summary>Parses a ConditionExpression, FilterExpression or KeyConditionExpression.</summary>
    public static ConditionNode ParseCondition(string text, ExpressionAttributes attributes, ExpressionKind kind)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (kind is not (ExpressionKind.Condition or ExpressionKind.Filter or ExpressionKind.KeyCondition))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a condition kind.");
        }

        return ConditionParser.Parse(text, attributes, kind);
    }

    /// <summary>Parses an UpdateExpression.</summary>
    public static UpdateExpression ParseUpdate(string text, ExpressionAttributes attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        return UpdateParser.Parse(text, attributes);
    }

    /// <summary>Parses a ProjectionExpression into its document paths, in the order written.</summary>
    public static IReadOnlyList<DocumentPath> ParseProjection(string text, ExpressionAttributes attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        return ProjectionParser.Parse(text, attributes);
    }
}
