using System.Text.Json;

namespace Basalt.Model.Expressions;

/// <summary>
/// Translates the legacy request parameters (Expected, KeyConditions, QueryFilter, ScanFilter,
/// AttributeUpdates, AttributesToGet, ConditionalOperator) into the same ASTs the expression
/// parser produces, with DynamoDB's validation messages, so one evaluator serves both.
/// </summary>
public static class LegacyExpressions
{
    private const string Invalid = "One or more parameter values were invalid: ";

    /// <summary>Expected (PutItem, UpdateItem, DeleteItem); null when the map is empty.</summary>
    public static ConditionNode? FromExpected(JsonElement expected, string? conditionalOperator)
    {
        var useOr = ParseConditionalOperator(conditionalOperator);
        RequireObject(expected, "Expected");
        ConditionNode? result = null;
        foreach (var entry in expected.EnumerateObject())
        {
            var name = entry.Name;
            var condition = entry.Value;
            var hasList = TryGet(condition, "AttributeValueList", out var list);
            var hasValue = TryGet(condition, "Value", out var valueElement);
            var hasOperator = TryGet(condition, "ComparisonOperator", out var operatorElement);
            var hasExists = TryGet(condition, "Exists", out var existsElement);
            if (hasList && hasValue)
            {
                throw new ValidationException(Invalid + "Value and AttributeValueList cannot be used together for Attribute: " + name);
            }

            ConditionNode node;
            if (hasOperator)
            {
                if (hasExists)
                {
                    throw new ValidationException(Invalid + "Exists and ComparisonOperator cannot be used together for Attribute: " + name);
                }

                var op = ReadOperator(operatorElement, "expected." + name);
                if (op is not ("NULL" or "NOT_NULL") && !hasList && !hasValue)
                {
                    throw new ValidationException(Invalid + "Value or AttributeValueList must be used with ComparisonOperator: " + op +
                        " for Attribute: " + name);
                }

                var values = hasList ? ReadValues(list) : hasValue ? [AttributeValueJson.Read(valueElement)] : [];
                LegacyConditionRules.Validate(op, values);
                node = LegacyConditionRules.Translate(name, op, values);
            }
            else if (hasList)
            {
                throw new ValidationException(Invalid + "AttributeValueList can only be used with a ComparisonOperator for Attribute: " + name);
            }
            else
            {
                bool? exists = hasExists ? existsElement.GetBoolean() : null;
                if (exists != false && !hasValue)
                {
                    throw new ValidationException(Invalid + "Value must be provided when Exists is " + (exists is null ? "null" : "true") +
                        " for Attribute: " + name);
                }

                if (exists == false && hasValue)
                {
                    throw new ValidationException(Invalid + "Value cannot be used when Exists is false for Attribute: " + name);
                }

                node = exists == false
                    ? new FunctionCondition(ConditionFunction.AttributeNotExists, [new PathOperand(DocumentPath.TopLevel(name))])
                    : new ComparisonCondition(ComparisonOperator.Equal, new PathOperand(DocumentPath.TopLevel(name)),
                        new ValueOperand(string.Empty, AttributeValueJson.Read(valueElement)));
            }

            result = Combine(result, node, useOr);
        }

        return result;
    }

    /// <summary>
    /// KeyConditions, QueryFilter or ScanFilter (named by <paramref name="parameterName"/>): a map of
    /// attribute name → {ComparisonOperator, AttributeValueList}. Null when the map is empty.
    /// KeyConditions only accept the indexable operators and are always joined by AND; analyse the
    /// result with <see cref="KeyConditionAnalyzer"/>.
    /// </summary>
    public static ConditionNode? FromConditions(JsonElement conditions, string? conditionalOperator, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(parameterName);
        var isKey = parameterName == "KeyConditions";
        var useOr = !isKey && ParseConditionalOperator(conditionalOperator);
        RequireObject(conditions, parameterName);
        var where = char.ToLowerInvariant(parameterName[0]) + parameterName[1..];
        ConditionNode? result = null;
        foreach (var entry in conditions.EnumerateObject())
        {
            if (!TryGet(entry.Value, "ComparisonOperator", out var operatorElement))
            {
                throw new ValidationException("1 validation error detected: Value null at '" + where + "." + entry.Name +
                    ".member.comparisonOperator' failed to satisfy constraint: Member must not be null");
            }

            var op = ReadOperator(operatorElement, where + "." + entry.Name + ".member");
            var values = TryGet(entry.Value, "AttributeValueList", out var list) ? ReadValues(list) : [];
            LegacyConditionRules.Validate(op, values);
            if (isKey && op is "NULL" or "NOT_NULL" or "CONTAINS" or "NOT_CONTAINS" or "IN" or "NE")
            {
                throw new ValidationException("Attempted conditional constraint is not an indexable operation");
            }

            result = Combine(result, LegacyConditionRules.Translate(entry.Name, op, values), useOr);
        }

        return result;
    }

    /// <summary>AttributeUpdates (UpdateItem): attribute name → {Action: PUT | ADD | DELETE, Value}.</summary>
    public static UpdateExpression FromAttributeUpdates(JsonElement attributeUpdates)
    {
        RequireObject(attributeUpdates, "AttributeUpdates");
        var actions = new List<UpdateAction>();
        foreach (var entry in attributeUpdates.EnumerateObject())
        {
            var path = DocumentPath.TopLevel(entry.Name);
            var action = TryGet(entry.Value, "Action", out var actionElement) ? actionElement.GetString() ?? "PUT" : "PUT";
            if (action is not ("PUT" or "ADD" or "DELETE"))
            {
                throw new ValidationException("1 validation error detected: Value '" + action + "' at 'attributeUpdates." + entry.Name +
                    ".member.action' failed to satisfy constraint: Member must satisfy enum value set: [ADD, PUT, DELETE]");
            }

            if (!TryGet(entry.Value, "Value", out var valueElement))
            {
                if (action != "DELETE")
                {
                    throw new ValidationException(Invalid + "Only DELETE action is allowed when no attribute value is specified");
                }

                actions.Add(UpdateAction.Remove(path));
                continue;
            }

            var value = AttributeValueJson.Read(valueElement);
            switch (action)
            {
                case "PUT":
                    actions.Add(UpdateAction.Set(path, new LiteralValue(string.Empty, value)));
                    break;
                case "ADD":
                    if (value.Kind is not (AttributeKind.N or AttributeKind.SS or AttributeKind.NS or AttributeKind.BS or AttributeKind.L))
                    {
                        throw new ValidationException(Invalid + "ADD action is not supported for the type " + value.Kind);
                    }

                    actions.Add(UpdateAction.Add(path, value));
                    break;
                default:
                    if (value.Kind is not (AttributeKind.SS or AttributeKind.NS or AttributeKind.BS))
                    {
                        throw new ValidationException(Invalid + "DELETE action with value is not supported for the type " + value.Kind);
                    }

                    actions.Add(UpdateAction.Delete(path, value));
                    break;
            }
        }

        return new UpdateExpression(actions, isLegacy: true);
    }

    /// <summary>AttributesToGet: a list of top-level attribute names (duplicates are ignored).</summary>
    public static IReadOnlyList<DocumentPath> FromAttributesToGet(JsonElement attributesToGet)
    {
        if (attributesToGet.ValueKind != JsonValueKind.Array)
        {
            throw new ValidationException("AttributesToGet must be a list of attribute names");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var paths = new List<DocumentPath>(attributesToGet.GetArrayLength());
        foreach (var element in attributesToGet.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.String)
            {
                throw new DynamoDbException("SerializationException", "Unexpected value type in payload for member AttributesToGet: expected a string");
            }

            var name = element.GetString()!;
            if (!seen.Add(name))
            {
                throw new ValidationException("One or more parameter values were invalid: Duplicate value in attribute name: " + name);
            }

            paths.Add(DocumentPath.TopLevel(name));
        }

        return paths;
    }

    private static bool ParseConditionalOperator(string? conditionalOperator) => conditionalOperator switch
    {
        null or "AND" => false,
        "OR" => true,
        _ => throw new ValidationException("1 validation error detected: Value '" + conditionalOperator +
            "' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [OR, AND]"),
    };

    private static string ReadOperator(JsonElement element, string where)
    {
        var op = element.ValueKind == JsonValueKind.String ? element.GetString()! : element.ToString();
        if (!LegacyConditionRules.IsKnownOperator(op))
        {
            throw new ValidationException("1 validation error detected: Value '" + op + "' at '" + where +
                ".comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: " + LegacyConditionRules.OperatorEnum);
        }

        return op;
    }

    private static List<AttributeValue> ReadValues(JsonElement list)
    {
        var values = new List<AttributeValue>();
        if (list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                values.Add(AttributeValueJson.Read(item));
            }
        }

        return values;
    }

    private static ConditionNode Combine(ConditionNode? left, ConditionNode right, bool useOr) => left is null
        ? right
        : useOr ? new OrCondition(left, right) : new AndCondition(left, right);

    private static bool TryGet(JsonElement element, string property, out JsonElement value)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }

    private static void RequireObject(JsonElement element, string parameterName)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ValidationException(parameterName + " must be a map of attribute names to conditions");
        }
    }
}
