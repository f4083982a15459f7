namespace Basalt.Model.Expressions;

/// <summary>
/// The ExpressionAttributeNames and ExpressionAttributeValues of one request. Parsing resolves
/// #names and :values through it and records which were used, across all the expressions of the
/// request, so that <see cref="ThrowIfUnused"/> can report leftovers as DynamoDB does.
/// </summary>
public sealed class ExpressionAttributes
{
    private readonly IReadOnlyDictionary<string, string>? names;
    private readonly IReadOnlyDictionary<string, AttributeValue>? values;
    private readonly HashSet<string> usedNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> usedValues = new(StringComparer.Ordinal);

    /// <summary>Validates the maps themselves (empty maps, malformed keys) with DynamoDB's messages.</summary>
    public ExpressionAttributes(IReadOnlyDictionary<string, string>? names, IReadOnlyDictionary<string, AttributeValue>? values)
    {
        if (names is not null)
        {
            if (names.Count == 0)
            {
                throw new ValidationException("ExpressionAttributeNames must not be empty");
            }

            foreach (var key in names.Keys)
            {
                if (!IsWellFormedKey(key, '#'))
                {
                    throw new ValidationException("ExpressionAttributeNames contains invalid key: Syntax error; key: \"" + key + "\"");
                }
            }
        }

        if (values is not null)
        {
            if (values.Count == 0)
            {
                throw new ValidationException("ExpressionAttributeValues must not be empty");
            }

            foreach (var key in values.Keys)
            {
                if (!IsWellFormedKey(key, ':'))
                {
                    throw new ValidationException("ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + key + "\"");
                }
            }
        }

        this.names = names;
        this.values = values;
    }

    /// <summary>No names and no values (requests without expression attributes).</summary>
    public static ExpressionAttributes None => new(null, null);

    public bool HasNames => names is not null;

    public bool HasValues => values is not null;

    /// <summary>
    /// Throws "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #b}"
    /// (names first, then values) when some placeholder was never referenced.
    /// </summary>
    public void ThrowIfUnused()
    {
        if (names is not null && usedNames.Count < names.Count)
        {
            throw new ValidationException("Value provided in ExpressionAttributeNames unused in expressions: keys: {" +
                string.Join(", ", Unused(names.Keys, usedNames)) + "}");
        }

        if (values is not null && usedValues.Count < values.Count)
        {
            throw new ValidationException("Value provided in ExpressionAttributeValues unused in expressions: keys: {" +
                string.Join(", ", Unused(values.Keys, usedValues)) + "}");
        }
    }

    internal bool TryResolveName(string placeholder, out string name)
    {
        if (names is not null && names.TryGetValue(placeholder, out var found))
        {
            usedNames.Add(placeholder);
            name = found;
            return true;
        }

        name = string.Empty;
        return false;
    }

    internal bool TryResolveValue(string placeholder, out AttributeValue value)
    {
        if (values is not null && values.TryGetValue(placeholder, out var found))
        {
            usedValues.Add(placeholder);
            value = found;
            return true;
        }

        value = AttributeValue.Null;
        return false;
    }

    private static IEnumerable<string> Unused(IEnumerable<string> keys, HashSet<string> used)
    {
        foreach (var key in keys)
        {
            if (!used.Contains(key))
            {
                yield return key;
            }
        }
    }

    private static bool IsWellFormedKey(string key, char prefix)
    {
        if (key.Length < 2 || key[0] != prefix)
        {
            return false;
        }

        for (var i = 1; i < key.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(key[i]) && key[i] != '_')
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>
/// The request-level rules about which expression parameters may appear together, checked before
/// any expression is parsed.
/// </summary>
public static class ExpressionParameterRules
{
    /// <summary>
    /// Checks DynamoDB's mixing rules. <paramref name="expressionParameters"/> lists the operation's
    /// expression parameters in DynamoDB's order (e.g. UpdateExpression, ConditionExpression) with
    /// whether each is present; <paramref name="legacyParameters"/> the legacy ones (e.g.
    /// AttributeUpdates, Expected). ProjectionExpression counts as an expression that cannot use
    /// values.
    /// </summary>
    public static void Validate(
        IReadOnlyList<(string Name, bool Present)> expressionParameters,
        IReadOnlyList<(string Name, bool Present)> legacyParameters,
        bool namesPresent,
        bool valuesPresent)
    {
        ArgumentNullException.ThrowIfNull(expressionParameters);
        ArgumentNullException.ThrowIfNull(legacyParameters);
        var presentExpressions = new List<string>();
        foreach (var (name, present) in expressionParameters)
        {
            if (present)
            {
                presentExpressions.Add(name);
            }
        }

        if (presentExpressions.Count > 0)
        {
            var presentLegacy = new List<string>();
            foreach (var (name, present) in legacyParameters)
            {
                if (present)
                {
                    presentLegacy.Add(name);
                }
            }

            if (presentLegacy.Count > 0)
            {
                throw new ValidationException("Can not use both expression and non-expression parameters in the same request: " +
                    "Non-expression parameters: {" + string.Join(", ", presentLegacy) + "} " +
                    "Expression parameters: {" + string.Join(", ", presentExpressions) + "}");
            }
        }

        if (namesPresent && presentExpressions.Count == 0)
        {
            throw new ValidationException("ExpressionAttributeNames can only be specified when using expressions");
        }

        if (valuesPresent)
        {
            var valueExpressions = new List<string>();
            var anyPresent = false;
            foreach (var (name, present) in expressionParameters)
            {
                if (name == "ProjectionExpression")
                {
                    continue;
                }

                valueExpressions.Add(name);
                anyPresent |= present;
            }

            if (!anyPresent)
            {
                throw new ValidationException("ExpressionAttributeValues can only be specified when using expressions: " +
                    string.Join(" and ", valueExpressions) + (valueExpressions.Count > 1 ? " are null" : " is null"));
            }
        }
    }
}
