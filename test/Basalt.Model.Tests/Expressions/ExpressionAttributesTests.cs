using Basalt.Model.Expressions;
using static Basalt.Model.Tests.Expressions.Values;

namespace Basalt.Model.Tests.Expressions;

public class ExpressionAttributesTests
{
    [Fact]
    public void EmptyMapsAreRejected()
    {
        Assert.Equal("ExpressionAttributeNames must not be empty", ErrorOf(() => Attrs(Names())));
        Assert.Equal("ExpressionAttributeValues must not be empty", ErrorOf(() => Attrs(values: Vals())));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("#")]
    [InlineData("#a-b")]
    [InlineData("#sryLiyD8D-")]
    public void MalformedNameKeysAreRejected(string key)
    {
        Assert.Equal("ExpressionAttributeNames contains invalid key: Syntax error; key: \"" + key + "\"", ErrorOf(() => Attrs(Names(key, "x"))));
    }

    [Theory]
    [InlineData("b")]
    [InlineData(":")]
    [InlineData(":a.b")]
    public void MalformedValueKeysAreRejected(string key)
    {
        Assert.Equal("ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + key + "\"", ErrorOf(() => Attrs(values: Vals((key, S("x"))))));
    }

    [Fact]
    public void UsageIsTrackedAcrossExpressions()
    {
        var attributes = Attrs(Names("#a", "a", "#b", "b"), Vals((":v", S("x")), (":w", S("y"))));
        ExpressionParser.ParseUpdate("SET #a = :v", attributes);
        Assert.Equal("Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}", ErrorOf(attributes.ThrowIfUnused));
        ExpressionParser.ParseCondition("#b = :v", attributes, ExpressionKind.Condition);
        Assert.Equal("Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}", ErrorOf(attributes.ThrowIfUnused));
        ExpressionParser.ParseProjection("#a", attributes);
        ExpressionParser.ParseCondition("a = :w", attributes, ExpressionKind.Filter);
        attributes.ThrowIfUnused();
    }

    [Fact]
    public void UnusedKeysAreAllListed()
    {
        var attributes = Attrs(Names("#a", "a", "#b", "b", "#c", "c"));
        ExpressionParser.ParseProjection("#b", attributes);
        Assert.Equal("Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #c}", ErrorOf(attributes.ThrowIfUnused));
    }

    [Fact]
    public void NoAttributesMeansNothingUnused()
    {
        ExpressionAttributes.None.ThrowIfUnused();
        Assert.False(ExpressionAttributes.None.HasNames);
        Assert.False(ExpressionAttributes.None.HasValues);
    }

    [Fact]
    public void MixingExpressionAndLegacyParametersIsRejected()
    {
        Assert.Equal("Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributeUpdates, Expected} Expression parameters: {UpdateExpression, ConditionExpression}",
            ErrorOf(() => ExpressionParameterRules.Validate(
                [("UpdateExpression", true), ("ConditionExpression", true)], [("AttributeUpdates", true), ("Expected", true)], false, false)));
        Assert.Equal("Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}",
            ErrorOf(() => ExpressionParameterRules.Validate([("ConditionExpression", true)], [("Expected", true)], false, false)));
    }

    [Fact]
    public void ExpressionAttributesNeedAnExpression()
    {
        Assert.Equal("ExpressionAttributeNames can only be specified when using expressions",
            ErrorOf(() => ExpressionParameterRules.Validate([("UpdateExpression", false), ("ConditionExpression", false)], [("Expected", true)], true, true)));
        Assert.Equal("ExpressionAttributeValues can only be specified when using expressions: UpdateExpression and ConditionExpression are null",
            ErrorOf(() => ExpressionParameterRules.Validate([("UpdateExpression", false), ("ConditionExpression", false)], [("Expected", true)], false, true)));
        Assert.Equal("ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null",
            ErrorOf(() => ExpressionParameterRules.Validate([("ConditionExpression", false)], [], false, true)));
        Assert.Equal("ExpressionAttributeValues can only be specified when using expressions: FilterExpression is null",
            ErrorOf(() => ExpressionParameterRules.Validate([("ProjectionExpression", true), ("FilterExpression", false)], [], true, true)));
        ExpressionParameterRules.Validate([("ProjectionExpression", true)], [("AttributesToGet", false)], true, false);
    }

    [Fact]
    public void ReservedWordListIsComplete()
    {
        Assert.Equal(573, ReservedWords.Count);
        Assert.True(ReservedWords.IsReserved("abort"));
        Assert.True(ReservedWords.IsReserved("ZONE"));
        Assert.True(ReservedWords.IsReserved("Name"));
        Assert.False(ReservedWords.IsReserved("pk"));
        Assert.False(ReservedWords.IsReserved("attribute_exists"));
    }
}
