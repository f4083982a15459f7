using System.Text.Json;
using Basalt.Model.Expressions;
using static Basalt.Model.Tests.Expressions.Values;

namespace Basalt.Model.Tests.Expressions;

public class LegacyExpressionsTests
{
    private static readonly Item Sample = ItemOf(
        ("a", N("1")), ("s", S("hello")), ("ns", NS("2", "4", "7")), ("l", L(N("2"), N("4"))), ("b", B(1, 2)));

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static bool Expected(string json, string? op = null, Item? item = null) =>
        ConditionEvaluator.Evaluate(LegacyExpressions.FromExpected(Json(json), op)!, item ?? Sample);

    private static string ExpectedError(string json) => ErrorOf(() => LegacyExpressions.FromExpected(Json(json), null));

    private static bool Filter(string json, string? op = null) =>
        ConditionEvaluator.Evaluate(LegacyExpressions.FromConditions(Json(json), op, "ScanFilter")!, Sample);

    private static string FilterError(string json, string parameter = "QueryFilter") =>
        ErrorOf(() => LegacyExpressions.FromConditions(Json(json), null, parameter));

    [Theory]
    [InlineData("""{"a":{"Value":{"N":"1"}}}""", true)]
    [InlineData("""{"a":{"Value":{"N":"2"}}}""", false)]
    [InlineData("""{"a":{"Exists":true,"Value":{"N":"1"}}}""", true)]
    [InlineData("""{"z":{"Value":{"N":"1"}}}""", false)]
    [InlineData("""{"z":{"Exists":false}}""", true)]
    [InlineData("""{"a":{"Exists":false}}""", false)]
    public void ExpectedValueAndExists(string json, bool expected) => Assert.Equal(expected, Expected(json));

    [Theory]
    [InlineData("""{"a":{"ComparisonOperator":"EQ","AttributeValueList":[{"N":"1"}]}}""", true)]
    [InlineData("""{"a":{"ComparisonOperator":"EQ","Value":{"N":"1"}}}""", true)]
    [InlineData("""{"a":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"1"}]}}""", false)]
    [InlineData("""{"a":{"ComparisonOperator":"NE","AttributeValueList":[{"S":"1"}]}}""", true)]
    [InlineData("""{"q":{"ComparisonOperator":"NE","AttributeValueList":[{"N":"1"}]}}""", true)]
    [InlineData("""{"a":{"ComparisonOperator":"LT","AttributeValueList":[{"N":"2"}]}}""", true)]
    [InlineData("""{"a":{"ComparisonOperator":"LE","AttributeValueList":[{"N":"0"}]}}""", false)]
    [InlineData("""{"s":{"ComparisonOperator":"GT","AttributeValueList":[{"S":"aardvark"}]}}""", true)]
    [InlineData("""{"s":{"ComparisonOperator":"GE","AttributeValueList":[{"S":"hello"}]}}""", true)]
    [InlineData("""{"a":{"ComparisonOperator":"NOT_NULL"}}""", true)]
    [InlineData("""{"q":{"ComparisonOperator":"NOT_NULL","AttributeValueList":[]}}""", false)]
    [InlineData("""{"q":{"ComparisonOperator":"NULL"}}""", true)]
    [InlineData("""{"s":{"ComparisonOperator":"CONTAINS","AttributeValueList":[{"S":"ell"}]}}""", true)]
    [InlineData("""{"ns":{"ComparisonOperator":"CONTAINS","AttributeValueList":[{"N":"4"}]}}""", true)]
    [InlineData("""{"l":{"ComparisonOperator":"CONTAINS","AttributeValueList":[{"N":"4"}]}}""", true)]
    [InlineData("""{"ns":{"ComparisonOperator":"NOT_CONTAINS","AttributeValueList":[{"N":"1"}]}}""", true)]
    [InlineData("""{"ns":{"ComparisonOperator":"NOT_CONTAINS","AttributeValueList":[{"N":"4"}]}}""", false)]
    [InlineData("""{"q":{"ComparisonOperator":"NOT_CONTAINS","AttributeValueList":[{"N":"1"}]}}""", false)]
    [InlineData("""{"s":{"ComparisonOperator":"BEGINS_WITH","AttributeValueList":[{"S":"hell"}]}}""", true)]
    [InlineData("""{"b":{"ComparisonOperator":"BEGINS_WITH","AttributeValueList":[{"B":"AQ=="}]}}""", true)]
    [InlineData("""{"a":{"ComparisonOperator":"IN","AttributeValueList":[{"N":"3"},{"N":"1"}]}}""", true)]
    [InlineData("""{"ns":{"ComparisonOperator":"IN","AttributeValueList":[{"N":"2"}]}}""", false)]
    [InlineData("""{"a":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"1"},{"N":"2"}]}}""", true)]
    [InlineData("""{"q":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"0"},{"N":"100"}]}}""", false)]
    public void ExpectedComparisonOperators(string json, bool expected) => Assert.Equal(expected, Expected(json));

    [Fact]
    public void ConditionalOperatorJoinsConditions()
    {
        const string json = """{"a":{"Value":{"N":"74"}},"s":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"hello"}]}}""";
        Assert.False(Expected(json));
        Assert.False(Expected(json, "AND"));
        Assert.True(Expected(json, "OR"));
        Assert.Equal("1 validation error detected: Value 'XOR' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [OR, AND]",
            ErrorOf(() => LegacyExpressions.FromExpected(Json(json), "XOR")));
    }

    [Fact]
    public void AnEmptyMapMeansNoCondition()
    {
        Assert.Null(LegacyExpressions.FromExpected(Json("{}"), null));
        Assert.Null(LegacyExpressions.FromConditions(Json("{}"), null, "ScanFilter"));
    }

    [Theory]
    [InlineData("""{"a":{}}""", "One or more parameter values were invalid: Value must be provided when Exists is null for Attribute: a")]
    [InlineData("""{"a":{"Exists":true}}""", "One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: a")]
    [InlineData("""{"a":{"Exists":false,"Value":{"S":"a"}}}""", "One or more parameter values were invalid: Value cannot be used when Exists is false for Attribute: a")]
    [InlineData("""{"a":{"Exists":false,"ComparisonOperator":"EQ","AttributeValueList":[{"N":"3"}]}}""", "One or more parameter values were invalid: Exists and ComparisonOperator cannot be used together for Attribute: a")]
    [InlineData("""{"a":{"Value":{"N":"3"},"ComparisonOperator":"EQ","AttributeValueList":[{"N":"3"}]}}""", "One or more parameter values were invalid: Value and AttributeValueList cannot be used together for Attribute: a")]
    [InlineData("""{"a":{"AttributeValueList":[{"N":"3"}]}}""", "One or more parameter values were invalid: AttributeValueList can only be used with a ComparisonOperator for Attribute: a")]
    [InlineData("""{"a":{"ComparisonOperator":"EQ"}}""", "One or more parameter values were invalid: Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: a")]
    [InlineData("""{"a":{"ComparisonOperator":"EQ","AttributeValueList":[{"N":"2"},{"N":"3"}]}}""", "One or more parameter values were invalid: Invalid number of argument(s) for the EQ ComparisonOperator")]
    [InlineData("""{"a":{"ComparisonOperator":"NULL","AttributeValueList":[{"N":"2"}]}}""", "One or more parameter values were invalid: Invalid number of argument(s) for the NULL ComparisonOperator")]
    [InlineData("""{"a":{"ComparisonOperator":"IN","AttributeValueList":[{"N":"3"},{"S":"dog"}]}}""", "One or more parameter values were invalid: AttributeValues inside AttributeValueList must be of same type")]
    [InlineData("""{"a":{"ComparisonOperator":"CONTAINS","AttributeValueList":[{"L":[{"N":"1"}]}]}}""", "One or more parameter values were invalid: ComparisonOperator CONTAINS is not valid for L AttributeValue type")]
    [InlineData("""{"a":{"ComparisonOperator":"BEGINS_WITH","AttributeValueList":[{"N":"3"}]}}""", "One or more parameter values were invalid: ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type")]
    [InlineData("""{"a":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"NS":["1"]},{"NS":["2"]}]}}""", "One or more parameter values were invalid: ComparisonOperator BETWEEN is not valid for NS AttributeValue type")]
    [InlineData("""{"a":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"4"},{"N":"3"}]}}""", "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound")]
    [InlineData("""{"a":{"ComparisonOperator":"ALMOST","AttributeValueList":[{"N":"4"}]}}""", "1 validation error detected: Value 'ALMOST' at 'expected.a.comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]")]
    public void InvalidExpectedIsRejected(string json, string message) => Assert.Equal(message, ExpectedError(json));

    [Theory]
    [InlineData("""{"s":{"ComparisonOperator":"BEGINS_WITH","AttributeValueList":[{"S":"he"}]},"a":{"ComparisonOperator":"GT","AttributeValueList":[{"N":"0"}]}}""", null, true)]
    [InlineData("""{"s":{"ComparisonOperator":"BEGINS_WITH","AttributeValueList":[{"S":"x"}]},"a":{"ComparisonOperator":"GT","AttributeValueList":[{"N":"0"}]}}""", "OR", true)]
    [InlineData("""{"s":{"ComparisonOperator":"BEGINS_WITH","AttributeValueList":[{"S":"x"}]},"a":{"ComparisonOperator":"GT","AttributeValueList":[{"N":"0"}]}}""", "AND", false)]
    public void FiltersTranslateToConditions(string json, string? op, bool expected) => Assert.Equal(expected, Filter(json, op));

    [Theory]
    [InlineData("""{"a":{"AttributeValueList":[{"N":"1"}]}}""", "1 validation error detected: Value null at 'queryFilter.a.member.comparisonOperator' failed to satisfy constraint: Member must not be null")]
    [InlineData("""{"a":{"ComparisonOperator":"GT","AttributeValueList":[]}}""", "One or more parameter values were invalid: Invalid number of argument(s) for the GT ComparisonOperator")]
    public void InvalidFiltersAreRejected(string json, string message) => Assert.Equal(message, FilterError(json));

    [Fact]
    public void KeyConditionsFeedTheKeyConditionAnalyzer()
    {
        var node = LegacyExpressions.FromConditions(Json("""
            {"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"p"}]},
             "sk":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"1"},{"N":"5"}]}}
            """), "OR", "KeyConditions")!;
        var key = KeyConditionAnalyzer.Analyze(node, "pk", "sk");
        Assert.Equal(S("p"), key.PartitionKeyValue);
        Assert.Equal(SortKeyOperator.Between, key.SortKey!.Operator);
        Assert.Equal(N("5"), key.SortKey.UpperValue);
    }

    [Theory]
    [InlineData("NULL", "")]
    [InlineData("NOT_NULL", "")]
    [InlineData("CONTAINS", """{"S":"x"}""")]
    [InlineData("NOT_CONTAINS", """{"S":"x"}""")]
    [InlineData("IN", """{"S":"x"}""")]
    [InlineData("NE", """{"S":"x"}""")]
    public void KeyConditionsOnlyAcceptIndexableOperators(string op, string value)
    {
        Assert.Equal("Attempted conditional constraint is not an indexable operation",
            FilterError("{\"pk\":{\"ComparisonOperator\":\"" + op + "\",\"AttributeValueList\":[" + value + "]}}", "KeyConditions"));
    }

    [Fact]
    public void AttributeUpdatesTranslateToUpdateActions()
    {
        var update = LegacyExpressions.FromAttributeUpdates(Json("""
            {"put":{"Action":"PUT","Value":{"S":"x"}},"implicit":{"Value":{"N":"1"}},"gone":{"Action":"DELETE"},
             "a":{"Action":"ADD","Value":{"N":"2"}},"ns":{"Action":"DELETE","Value":{"NS":["2"]}},"l":{"Action":"ADD","Value":{"L":[{"N":"9"}]}}}
            """));
        Assert.True(update.IsLegacy);
        var item = ItemOf(("gone", S("g")), ("a", N("1")), ("ns", NS("2", "4")), ("l", L(N("1"))));
        var result = UpdateApplier.Apply(update, item).NewItem;
        Assert.Equal(S("x"), result["put"]);
        Assert.Equal(N("1"), result["implicit"]);
        Assert.False(result.ContainsKey("gone"));
        Assert.Equal(N("3"), result["a"]);
        Assert.Equal(NS("4"), result["ns"]);
        Assert.Equal(L(N("1"), N("9")), result["l"]);
    }

    [Fact]
    public void LegacyTypeMismatchesUseTheLegacyMessage()
    {
        var update = LegacyExpressions.FromAttributeUpdates(Json("""{"ss":{"Action":"ADD","Value":{"NS":["1"]}}}"""));
        Assert.Equal("Type mismatch for attribute to update", ErrorOf(() => UpdateApplier.Apply(update, ItemOf(("ss", SS("1"))))));
    }

    [Theory]
    [InlineData("""{"a":{"Action":"ADD"}}""", "One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified")]
    [InlineData("""{"a":{"Value":{"S":"1"},"Action":"DELETE"}}""", "One or more parameter values were invalid: DELETE action with value is not supported for the type S")]
    [InlineData("""{"a":{"Value":{"M":{}},"Action":"DELETE"}}""", "One or more parameter values were invalid: DELETE action with value is not supported for the type M")]
    [InlineData("""{"a":{"Value":{"S":"1"},"Action":"ADD"}}""", "One or more parameter values were invalid: ADD action is not supported for the type S")]
    [InlineData("""{"a":{"Value":{"BOOL":true},"Action":"ADD"}}""", "One or more parameter values were invalid: ADD action is not supported for the type BOOL")]
    public void InvalidAttributeUpdatesAreRejected(string json, string message)
    {
        Assert.Equal(message, ErrorOf(() => LegacyExpressions.FromAttributeUpdates(Json(json))));
    }

    [Fact]
    public void AttributesToGet_RejectsDuplicateNames()
    {
        var error = Assert.Throws<ValidationException>(() => LegacyExpressions.FromAttributesToGet(Json("""["a", "b", "a"]""")));
        Assert.Equal("One or more parameter values were invalid: Duplicate value in attribute name: a", error.Message);
    }

    [Fact]
    public void AttributesToGetAreTopLevelNames()
    {
        var paths = LegacyExpressions.FromAttributesToGet(Json("""["a", "b.c"]"""));
        Assert.Equal(["a", "b.c"], paths.Select(p => p.TopLevelName));
        Assert.All(paths, p => Assert.True(p.IsTopLevel));
        var projected = Projection.Apply(ItemOf(("a", N("1")), ("b.c", S("dot")), ("b", M(("c", S("nested"))))), paths);
        Assert.Equal(S("dot"), projected["b.c"]);
        Assert.False(projected.ContainsKey("b"));
    }
}
