using Basalt.Model.Expressions;
using static Basalt.Model.Tests.Expressions.Values;

namespace Basalt.Model.Tests.Expressions;

public class KeyConditionAnalyzerTests
{
    private static readonly Dictionary<string, AttributeValue> V = Vals(
        (":pk", S("p")), (":sk", S("s")), (":lo", S("a")), (":hi", S("z")), (":n5", N("5")), (":n1", N("1")), (":b", B(1)));

    private static KeyCondition Analyze(string expression, string? sortKey = "sk") =>
        KeyConditionAnalyzer.Analyze(
            ExpressionParser.ParseCondition(expression, Attrs(Names("#pk", "pk", "#sk", "sk"), V), ExpressionKind.KeyCondition),
            "pk", sortKey);

    private static string Error(string expression, string? sortKey = "sk") => ErrorOf(() => Analyze(expression, sortKey));

    [Fact]
    public void PartitionKeyEqualityAlone()
    {
        var key = Analyze("#pk = :pk");
        Assert.Equal("pk", key.PartitionKeyName);
        Assert.Equal(S("p"), key.PartitionKeyValue);
        Assert.Null(key.SortKey);
        Assert.Equal(S("p"), Analyze(":pk = pk").PartitionKeyValue);
    }

    [Theory]
    [InlineData("pk = :pk AND sk = :sk", SortKeyOperator.Equal)]
    [InlineData("pk = :pk AND sk < :sk", SortKeyOperator.Less)]
    [InlineData("pk = :pk AND sk <= :sk", SortKeyOperator.LessOrEqual)]
    [InlineData("pk = :pk AND sk > :sk", SortKeyOperator.Greater)]
    [InlineData("pk = :pk AND sk >= :sk", SortKeyOperator.GreaterOrEqual)]
    [InlineData("sk >= :sk AND pk = :pk", SortKeyOperator.GreaterOrEqual)]
    [InlineData("pk = :pk AND :sk <= sk", SortKeyOperator.GreaterOrEqual)]
    [InlineData("pk = :pk AND :sk < sk", SortKeyOperator.Greater)]
    [InlineData("pk = :pk AND :sk > sk", SortKeyOperator.Less)]
    [InlineData("pk = :pk AND :sk >= sk", SortKeyOperator.LessOrEqual)]
    [InlineData("(#pk = :pk) AND (#sk = :sk)", SortKeyOperator.Equal)]
    [InlineData("(#pk = :pk AND #sk = :sk)", SortKeyOperator.Equal)]
    [InlineData("pk = :pk AND begins_with(sk, :sk)", SortKeyOperator.BeginsWith)]
    public void SortKeyOperators(string expression, SortKeyOperator expected)
    {
        var key = Analyze(expression);
        Assert.Equal(expected, key.SortKey!.Operator);
        Assert.Equal("sk", key.SortKey.AttributeName);
        Assert.Equal(S("s"), key.SortKey.Value);
    }

    [Fact]
    public void BetweenKeepsBothBounds()
    {
        var sort = Analyze("pk = :pk AND sk BETWEEN :lo AND :hi").SortKey!;
        Assert.Equal(SortKeyOperator.Between, sort.Operator);
        Assert.Equal(S("a"), sort.Value);
        Assert.Equal(S("z"), sort.UpperValue);
        Assert.True(sort.Matches(S("m")));
        Assert.True(sort.Matches(S("z")));
        Assert.False(sort.Matches(S("zz")));
    }

    [Fact]
    public void SortKeyConditionsMatchKeys()
    {
        Assert.True(Analyze("pk = :pk AND begins_with(sk, :sk)").SortKey!.Matches(S("sugar")));
        Assert.False(Analyze("pk = :pk AND begins_with(sk, :sk)").SortKey!.Matches(S("tea")));
        Assert.True(Analyze("pk = :pk AND sk > :n1").SortKey!.Matches(N("5")));
        Assert.False(Analyze("pk = :pk AND sk > :n1").SortKey!.Matches(S("5")));
    }

    [Theory]
    [InlineData("pk = :pk OR sk = :sk", "Invalid operator used in KeyConditionExpression: OR")]
    [InlineData("NOT pk = :pk", "Invalid operator used in KeyConditionExpression: NOT")]
    [InlineData("pk IN (:pk)", "Invalid operator used in KeyConditionExpression: IN")]
    [InlineData("pk <> :pk", "Invalid operator used in KeyConditionExpression: <>")]
    [InlineData("pk = :pk AND attribute_exists(sk)", "Invalid operator used in KeyConditionExpression: attribute_exists")]
    [InlineData("pk = :pk AND contains(sk, :sk)", "Invalid operator used in KeyConditionExpression: contains")]
    [InlineData("pk = :pk AND size(sk) = :n1", "KeyConditionExpressions cannot contain nested operations")]
    [InlineData("pk = :pk AND :sk BETWEEN sk AND :hi", "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand")]
    [InlineData("pk = :pk AND begins_with(:sk, sk)", "Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand")]
    [InlineData("pk = sk", "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition")]
    [InlineData("pk = :pk AND #sk.foo = :sk", "KeyConditionExpressions cannot have conditions on nested attributes")]
    [InlineData(":pk = :sk", "Invalid condition in KeyConditionExpression: No key attribute specified")]
    [InlineData("pk = :pk AND pk = :sk", "KeyConditionExpressions must only contain one condition per key")]
    [InlineData("pk = :pk AND sk = :sk AND x = :lo", "Conditions can be of length 1 or 2 only")]
    [InlineData("sk = :sk", "Query condition missed key schema element: pk")]
    [InlineData("attr1 = :sk", "Query condition missed key schema element: pk")]
    [InlineData("pk = :pk AND attr1 = :sk", "Query condition missed key schema element: sk")]
    [InlineData("pk > :pk", "Query key condition not supported")]
    [InlineData("begins_with(pk, :pk)", "Query key condition not supported")]
    [InlineData("pk = :pk AND sk BETWEEN :hi AND :lo", "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {S:z}, upper bound operand: AttributeValue: {S:a}")]
    [InlineData("pk = :pk AND sk BETWEEN :n5 AND :n1", "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}")]
    [InlineData("pk = :pk AND sk BETWEEN :n5 AND :lo", "Invalid KeyConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {S:a}")]
    public void InvalidKeyConditionsAreRejected(string expression, string message)
    {
        Assert.Equal(message, Error(expression));
    }

    [Fact]
    public void HashOnlyTablesAcceptOneCondition()
    {
        Assert.Null(Analyze("pk = :pk", sortKey: null).SortKey);
        Assert.Equal("Query key condition not supported", Error("pk = :pk AND sk = :sk", sortKey: null));
    }

    [Fact]
    public void BinaryBoundsAreShownInBase64()
    {
        Assert.Equal("Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {B:eg==}, upper bound operand: AttributeValue: {B:YQ==}",
            ErrorOf(() => ExpressionParser.ParseCondition("pk = :pk AND sk BETWEEN :x AND :a",
                Attrs(values: Vals((":pk", S("p")), (":x", B((byte)'z')), (":a", B((byte)'a')))), ExpressionKind.KeyCondition)));
    }
}
