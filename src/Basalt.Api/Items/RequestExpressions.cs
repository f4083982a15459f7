using System.Text.Json;
using Basalt.Api.Protocol;
using Basalt.Model;
using Basalt.Model.Expressions;

namespace Basalt.Api.Items;

/// <summary>
/// The expressions of one item request, parsed once: condition, update, projection, filter and
/// key condition, from either the expression parameters or their legacy equivalents (never both),
/// sharing one ExpressionAttributeNames/Values table whose unused entries are an error.
/// </summary>
public sealed class RequestExpressions
{
    private RequestExpressions(ExpressionAttributes attributes) => Attributes = attributes;

    public ExpressionAttributes Attributes { get; }

    public ConditionNode? Condition { get; private set; }

    public UpdateExpression? Update { get; private set; }

    public IReadOnlyList<DocumentPath>? Projection { get; private set; }

    public ConditionNode? Filter { get; private set; }

    public ConditionNode? KeyCondition { get; private set; }

    /// <summary>Which members of the request this operation reads.</summary>
    [Flags]
    public enum Members
    {
        None = 0,
        Condition = 1,
        Update = 2,
        Projection = 4,
        Filter = 8,
        KeyCondition = 16,
    }

    // As UTF-8, compared with each member's raw name: no string per member of every request.
    private static readonly byte[][] ExpressionMembers =
    [
        .. new[]
        {
            "ExpressionAttributeNames", "ExpressionAttributeValues", "ConditionalOperator",
            "ConditionExpression", "Expected", "UpdateExpression", "AttributeUpdates", "ProjectionExpression", "AttributesToGet",
            "FilterExpression", "QueryFilter", "ScanFilter", "KeyConditionExpression", "KeyConditions",
        }.Select(System.Text.Encoding.UTF8.GetBytes),
    ];

    private static readonly RequestExpressions Empty = new(ExpressionAttributes.None);

    public static RequestExpressions Parse(JsonElement body, Members members, string filterLegacyName = "QueryFilter")
    {
        if (!MentionsExpressions(body))
        {
            // The common case (a plain GetItem or PutItem): nothing to parse or check.
            return Empty;
        }

        var names = JsonParameters.GetStringMap(body, "ExpressionAttributeNames");
        var values = JsonParameters.GetValueMap(body, "ExpressionAttributeValues");
        var conditionalOperator = JsonParameters.GetString(body, "ConditionalOperator");
        if (conditionalOperator is not (null or "AND" or "OR"))
        {
            var errors = new ValidationErrors();
            errors.Add(ValidationErrors.Quote(conditionalOperator), "conditionalOperator", "Member must satisfy enum value set: [AND, OR]");
            errors.ThrowIfAny();
        }

        var modern = new List<(string Name, bool Present)>();
        var legacy = new List<(string Name, bool Present)>();
        void Note(string expression, string legacyName)
        {
            modern.Add((expression, JsonParameters.TryGet(body, expression, out _)));
            legacy.Add((legacyName, JsonParameters.TryGet(body, legacyName, out _)));
        }

        if (members.HasFlag(Members.Update))
        {
            Note("UpdateExpression", "AttributeUpdates");
        }

        if (members.HasFlag(Members.Condition))
        {
            Note("ConditionExpression", "Expected");
        }

        if (members.HasFlag(Members.KeyCondition))
        {
            // Legacy KeyConditions may be combined with the other expressions; only mixing it
            // with KeyConditionExpression is an error.
            var hasExpression = JsonParameters.TryGet(body, "KeyConditionExpression", out _);
            modern.Add(("KeyConditionExpression", hasExpression));
            legacy.Add(("KeyConditions", hasExpression && JsonParameters.TryGet(body, "KeyConditions", out _)));
        }

        if (members.HasFlag(Members.Filter))
        {
            Note("FilterExpression", filterLegacyName);
        }

        if (members.HasFlag(Members.Projection))
        {
            Note("ProjectionExpression", "AttributesToGet");
        }

        legacy.Add(("ConditionalOperator", conditionalOperator is not null));
        ExpressionParameterRules.Validate(modern, legacy, names is not null, values is not null);

        var result = new RequestExpressions(new ExpressionAttributes(names, values));
        var attributes = result.Attributes;
        if (members.HasFlag(Members.Condition))
        {
            var text = JsonParameters.GetString(body, "ConditionExpression");
            result.Condition = text is not null
                ? ExpressionParser.ParseCondition(text, attributes, ExpressionKind.Condition)
                : JsonParameters.TryGetObject(body, "Expected", out var expected) ? LegacyExpressions.FromExpected(expected, conditionalOperator) : null;
        }

        if (members.HasFlag(Members.Update))
        {
            var text = JsonParameters.GetString(body, "UpdateExpression");
            result.Update = text is not null
                ? ExpressionParser.ParseUpdate(text, attributes)
                : JsonParameters.TryGetObject(body, "AttributeUpdates", out var updates) ? LegacyExpressions.FromAttributeUpdates(updates) : null;
        }

        if (members.HasFlag(Members.Projection))
        {
            var text = JsonParameters.GetString(body, "ProjectionExpression");
            result.Projection = text is not null
                ? ExpressionParser.ParseProjection(text, attributes)
                : JsonParameters.TryGetArray(body, "AttributesToGet", out var toGet) ? LegacyExpressions.FromAttributesToGet(toGet) : null;
        }

        if (members.HasFlag(Members.KeyCondition))
        {
            var text = JsonParameters.GetString(body, "KeyConditionExpression");
            result.KeyCondition = text is not null
                ? ExpressionParser.ParseCondition(text, attributes, ExpressionKind.KeyCondition)
                : JsonParameters.TryGetObject(body, "KeyConditions", out var keyConditions) ? LegacyExpressions.FromConditions(keyConditions, null, "KeyConditions") : null;
        }

        if (members.HasFlag(Members.Filter))
        {
            var text = JsonParameters.GetString(body, "FilterExpression");
            result.Filter = text is not null
                ? ExpressionParser.ParseCondition(text, attributes, ExpressionKind.Filter)
                : JsonParameters.TryGetObject(body, filterLegacyName, out var filter) ? LegacyExpressions.FromConditions(filter, conditionalOperator, filterLegacyName) : null;
        }

        attributes.ThrowIfUnused();
        return result;
    }

    private static bool MentionsExpressions(JsonElement body)
    {
        foreach (var property in body.EnumerateObject())
        {
            // The raw name unless it is spelled with JSON escapes (then its unescaped text).
            var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8PropertyName(property);
            if (IsExpressionMember(raw.IndexOf((byte)'\\') < 0 ? raw : System.Text.Encoding.UTF8.GetBytes(property.Name)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsExpressionMember(ReadOnlySpan<byte> name)
    {
        foreach (var member in ExpressionMembers)
        {
            if (name.SequenceEqual(member))
            {
                return true;
            }
        }

        return false;
    }
}
