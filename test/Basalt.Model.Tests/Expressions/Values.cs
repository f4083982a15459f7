using Basalt.Model.Expressions;

namespace Basalt.Model.Tests.Expressions;

/// <summary>Short constructors for attribute values and expression attributes in tests.</summary>
internal static class Values
{
    public static AttributeValue S(string s) => AttributeValue.FromString(s);

    public static AttributeValue N(string n) => AttributeValue.FromNumber(DynamoNumber.Parse(n));

    public static AttributeValue NS(params string[] items) => AttributeValue.FromNumberSet(items.Select(DynamoNumber.Parse).ToList());

    public static Item ItemOf(params (string Name, AttributeValue Value)[] entries)
    {
        var item = new Item();
        foreach (var (name, value) in entries)
        {
            item[name] = value;
        }

        return item;
    }

    public static AttributeValue B(params byte[] b) => AttributeValue.FromBinary(b);

    public static AttributeValue Bool(bool b) => AttributeValue.FromBool(b);

    public static AttributeValue Null => AttributeValue.Null;

    public static AttributeValue L(params AttributeValue[] items) => AttributeValue.FromList(items);

    public static AttributeValue M(params (string Name, AttributeValue Value)[] entries)
    {
        var map = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var (name, value) in entries)
        {
            map[name] = value;
        }

        return AttributeValue.FromMap(map);
    }

    public static AttributeValue SS(params string[] items) => AttributeValue.FromStringSet(items);

    public static AttributeValue BS(params byte[][] items) => AttributeValue.FromBinarySet(items);

    /// <summary>A number whose value does not matter (type checks only look at the kind).</summary>
    public static AttributeValue AnyNumber => AttributeValue.FromNumber(default);

    public static Dictionary<string, string> Names(params string[] pairs)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < pairs.Length; i += 2)
        {
            names[pairs[i]] = pairs[i + 1];
        }

        return names;
    }

    public static Dictionary<string, AttributeValue> Vals(params (string Name, AttributeValue Value)[] entries)
    {
        var values = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var (name, value) in entries)
        {
            values[name] = value;
        }

        return values;
    }

    public static ExpressionAttributes Attrs(Dictionary<string, string>? names = null, Dictionary<string, AttributeValue>? values = null) =>
        new(names, values);

    /// <summary>The message of the ValidationException thrown by <paramref name="action"/>.</summary>
    public static string ErrorOf(Action action) => Assert.Throws<ValidationException>(action).Message;

    public static ConditionNode Condition(string text, Dictionary<string, string>? names = null, Dictionary<string, AttributeValue>? values = null) =>
        ExpressionParser.ParseCondition(text, Attrs(names, values), ExpressionKind.Condition);

    public static string ConditionError(string text, Dictionary<string, string>? names = null, Dictionary<string, AttributeValue>? values = null) =>
        ErrorOf(() => Condition(text, names, values));

    public static UpdateExpression Update(string text, Dictionary<string, string>? names = null, Dictionary<string, AttributeValue>? values = null) =>
        ExpressionParser.ParseUpdate(text, Attrs(names, values));

    public static string UpdateError(string text, Dictionary<string, string>? names = null, Dictionary<string, AttributeValue>? values = null) =>
        ErrorOf(() => Update(text, names, values));
}
