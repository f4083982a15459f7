using Basalt.Model.Expressions;
using Basalt.Model.Tests.Generators;
using CsCheck;
using static Basalt.Model.Tests.Expressions.Values;

namespace Basalt.Model.Tests.Expressions;

public class ExpressionProperties
{
    private static readonly string[] Vocabulary =
    [
        "a", "b", "c", "a.b", "c[0]", "#n", ":v", ":w", ":num", ":set", ":list", "=", "<>", "<", "<=", ">", ">=", "(", ")", ",", ".", "[1]", "[", "]",
        "AND", "OR", "NOT", "BETWEEN", "IN", "size", "contains", "attribute_exists", "attribute_type", "begins_with",
        "SET", "REMOVE", "ADD", "DELETE", "+", "-", "if_not_exists", "list_append", "$", "1", "COUNT", "#undefined", ":undefined",
    ];

    private static readonly Gen<string> TokenSoup = Gen.OneOf(Vocabulary).Array[1, 12].Select(tokens => string.Join(" ", tokens));

    private static readonly Gen<Item> SmallItem = Gen.Select(Gen.OneOf("a", "b", "c"), AttributeValueGen.Any).Array[0, 4].Select(entries =>
    {
        var item = new Item();
        foreach (var (name, value) in entries)
        {
            item[name] = value;
        }

        return item;
    });

    private static ExpressionAttributes NewAttributes() => Attrs(Names("#n", "a"), Vals(
        (":v", S("x")), (":w", S("y")), (":num", N("3")), (":set", SS("x")), (":list", L(S("x")))));

    [Fact]
    public void ArbitraryConditionTextEitherParsesOrFailsWithAValidationError()
    {
        Gen.Select(TokenSoup, SmallItem).Sample((text, item) =>
        {
            ConditionNode node;
            try
            {
                node = ExpressionParser.ParseCondition(text, NewAttributes(), ExpressionKind.Filter);
            }
            catch (ValidationException e)
            {
                return e.Message.StartsWith("Invalid FilterExpression: ", StringComparison.Ordinal);
            }

            ConditionEvaluator.Evaluate(node, item);
            return true;
        }, iter: 3000);
    }

    [Fact]
    public void ArbitraryUpdateTextEitherAppliesOrFailsWithAValidationError()
    {
        Gen.Select(TokenSoup, SmallItem).Sample((text, item) =>
        {
            UpdateExpression update;
            try
            {
                update = ExpressionParser.ParseUpdate("SET " + text, NewAttributes());
            }
            catch (ValidationException e)
            {
                return e.Message.StartsWith("Invalid UpdateExpression: ", StringComparison.Ordinal);
            }

            var before = new Item(item);
            try
            {
                UpdateApplier.Apply(update, item);
            }
            catch (ValidationException)
            {
            }

            return SameItem(before, item);
        }, iter: 3000);
    }

    [Fact]
    public void ArbitraryProjectionTextEitherParsesOrFailsWithAValidationError()
    {
        Gen.Select(TokenSoup, SmallItem).Sample((text, item) =>
        {
            try
            {
                var paths = ExpressionParser.ParseProjection(text, NewAttributes());
                Projection.Apply(item, paths);
                return true;
            }
            catch (ValidationException e)
            {
                return e.Message.StartsWith("Invalid ProjectionExpression: ", StringComparison.Ordinal);
            }
        }, iter: 3000);
    }

    [Fact]
    public void SetThenConditionSeesTheNewValue()
    {
        Gen.Select(SmallItem, AttributeValueGen.Any).Sample((item, value) =>
        {
            var attributes = Attrs(values: Vals((":v", value)));
            var result = UpdateApplier.Apply(ExpressionParser.ParseUpdate("SET a = :v", attributes), item).NewItem;
            var check = Attrs(values: Vals((":v", value)));
            return ConditionEvaluator.Evaluate(ExpressionParser.ParseCondition("a = :v AND attribute_exists(a)", check, ExpressionKind.Condition), result)
                && !ConditionEvaluator.Evaluate(ExpressionParser.ParseCondition("a <> :v", check, ExpressionKind.Condition), result);
        });
    }

    [Fact]
    public void RemoveThenAttributeIsGone()
    {
        SmallItem.Sample(item =>
        {
            var result = UpdateApplier.Apply(ExpressionParser.ParseUpdate("REMOVE a, b", ExpressionAttributes.None), item).NewItem;
            return !result.ContainsKey("a") && !result.ContainsKey("b") && result.ContainsKey("c") == item.ContainsKey("c");
        });
    }

    [Fact]
    public void NotNegatesAndDeMorganHolds()
    {
        var pieces = new[] { "a = :v", "a <> :v", "size(a) > :num", "attribute_exists(b)", "contains(a, :v)", "c < :num", "a IN (:v, :w)" };
        Gen.Select(Gen.OneOf(pieces), Gen.OneOf(pieces), SmallItem).Sample((x, y, item) =>
        {
            bool Eval(string text) => ConditionEvaluator.Evaluate(ExpressionParser.ParseCondition(text, NewAttributes(), ExpressionKind.Condition), item);
            return Eval("NOT (" + x + ")") == !Eval(x)
                && Eval("NOT (" + x + " AND " + y + ")") == Eval("NOT (" + x + ") OR NOT (" + y + ")")
                && Eval(x + " OR " + y) == Eval(y + " OR " + x);
        }, iter: 300);
    }

    [Fact]
    public void ProjectionOfTopLevelNamesKeepsExactlyThoseAttributes()
    {
        SmallItem.Sample(item =>
        {
            var projected = Projection.Apply(item, [DocumentPath.TopLevel("a"), DocumentPath.TopLevel("c")]);
            return projected.Count == (item.ContainsKey("a") ? 1 : 0) + (item.ContainsKey("c") ? 1 : 0)
                && projected.All(kv => ReferenceEquals(kv.Value, item[kv.Key]));
        });
    }

    private static bool SameItem(Item expected, Item actual) =>
        expected.Count == actual.Count && expected.All(kv => actual.TryGetValue(kv.Key, out var value) && ReferenceEquals(value, kv.Value));
}
