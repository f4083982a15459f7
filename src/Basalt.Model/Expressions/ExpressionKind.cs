namespace Basalt.Model.Expressions;

/// <summary>Which request parameter an expression came from; it names the parameter in error messages.</summary>
public enum ExpressionKind
{
    Condition,
    Filter,
    KeyCondition,
    Update,
    Projection,
}

/// <summary>Wire names of the expression parameters, as DynamoDB prints them in messages.</summary>
public static class ExpressionKindNames
{
    public static string ParameterName(this ExpressionKind kind) => kind switch
    {
        ExpressionKind.Condition => "ConditionExpression",
        ExpressionKind.Filter => "FilterExpression",
        ExpressionKind.KeyCondition => "KeyConditionExpression",
        ExpressionKind.Update => "UpdateExpression",
        ExpressionKind.Projection => "ProjectionExpression",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The "Invalid XExpression: " prefix DynamoDB puts before parse and validation messages.</summary>
    public static string InvalidPrefix(this ExpressionKind kind) => "Invalid " + kind.ParameterName() + ": ";
}
