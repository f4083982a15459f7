using Basalt.Model.Expressions;
using static Basalt.Model.Tests.Expressions.Values;

namespace Basalt.Model.Tests.Expressions;

public class SyntaxErrorTests
{
    [Theory]
    [InlineData("INVALID SYNTAX HERE", "Invalid UpdateExpression: Syntax error; token: \"INVALID\", near: \"INVALID SYNTAX\"")]
    [InlineData("ADD hits : incr", "Invalid UpdateExpression: Syntax error; token: \":\", near: \"hits : incr\"")]
    [InlineData("SET", "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"SET\"")]
    [InlineData("ADD numx", "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"numx\"")]
    [InlineData("DELETE setx", "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"setx\"")]
    [InlineData("SET note = :v +", "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"+\"")]
    [InlineData("SET numx = numx * :v", "Invalid UpdateExpression: Syntax error; token: \"*\", near: \"numx * :v\"")]
    [InlineData("SET numx = numx / :v", "Invalid UpdateExpression: Syntax error; token: \"/\", near: \"numx / :v\"")]
    [InlineData("ADD numx 1", "Invalid UpdateExpression: Syntax error; token: \"1\", near: \"numx 1\"")]
    [InlineData("DELETE setx a", "Invalid UpdateExpression: Syntax error; token: \"a\", near: \"setx a\"")]
    [InlineData("SET a = b + c + d", "Invalid UpdateExpression: Syntax error; token: \"+\", near: \"c + d\"")]
    [InlineData("SET a, #as, #b", "Invalid UpdateExpression: Syntax error; token: \",\", near: \"a, #as\"")]
    public void UpdateSyntaxErrorsNameTheTokenAndItsNeighbours(string expression, string expected)
    {
        Assert.Equal(expected, UpdateError(expression, values: Vals((":v", AnyNumber))));
    }

    [Theory]
    [InlineData("attribute_type()", "Invalid ConditionExpression: Syntax error; token: \")\", near: \"()\"")]
    [InlineData("a = ", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"=\"")]
    [InlineData("a", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"a\"")]
    [InlineData("a = :v AND", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\"")]
    [InlineData("a == :v", "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"== :v\"")]
    [InlineData("a IN ()", "Invalid ConditionExpression: Syntax error; token: \")\", near: \"()\"")]
    [InlineData("a = :v $", "Invalid ConditionExpression: Syntax error; token: \"$\", near: \":v $\"")]
    [InlineData("a = \"x\"", "Invalid ConditionExpression: Syntax error; token: \"\"x\"\", near: \"= \"x\"\"")]
    [InlineData("_a = :v", "Invalid ConditionExpression: Syntax error; token: \"_\", near: \"_a\"")]
    [InlineData("a.in = :v", "Invalid ConditionExpression: Syntax error; token: \"in\", near: \".in =\"")]
    [InlineData("a[01] = :v", "Invalid ConditionExpression: Syntax error; token: \"1\", near: \"01]\"")]
    [InlineData("# = :v", "Invalid ConditionExpression: Syntax error; token: \"#\", near: \"# =\"")]
    public void ConditionSyntaxErrorsNameTheTokenAndItsNeighbours(string expression, string expected)
    {
        Assert.Equal(expected, ConditionError(expression, values: Vals((":v", S("x")))));
    }

    [Theory]
    [InlineData("a b", "Invalid ProjectionExpression: Syntax error; token: \"b\", near: \"a b\"")]
    [InlineData("a,", "Invalid ProjectionExpression: Syntax error; token: \"<EOF>\", near: \",\"")]
    [InlineData("!!!", "Invalid ProjectionExpression: Syntax error; token: \"!\", near: \"!!\"")]
    [InlineData("a[", "Invalid ProjectionExpression: Syntax error; token: \"<EOF>\", near: \"[\"")]
    public void ProjectionSyntaxErrorsNameTheTokenAndItsNeighbours(string expression, string expected)
    {
        Assert.Equal(expected, ErrorOf(() => ExpressionParser.ParseProjection(expression, ExpressionAttributes.None)));
    }

    [Theory]
    [InlineData(ExpressionKind.Condition, "Invalid ConditionExpression: The expression can not be empty;")]
    [InlineData(ExpressionKind.Filter, "Invalid FilterExpression: The expression can not be empty;")]
    [InlineData(ExpressionKind.KeyCondition, "Invalid KeyConditionExpression: The expression can not be empty;")]
    public void EmptyConditionsAreRejected(ExpressionKind kind, string expected)
    {
        Assert.Equal(expected, ErrorOf(() => ExpressionParser.ParseCondition("", ExpressionAttributes.None, kind)));
        Assert.Equal(expected, ErrorOf(() => ExpressionParser.ParseCondition("   ", ExpressionAttributes.None, kind)));
    }

    [Fact]
    public void EmptyUpdateAndProjectionAreRejected()
    {
        Assert.Equal("Invalid UpdateExpression: The expression can not be empty;", UpdateError(""));
        Assert.Equal("Invalid ProjectionExpression: The expression can not be empty;",
            ErrorOf(() => ExpressionParser.ParseProjection("", ExpressionAttributes.None)));
    }

    [Fact]
    public void ExpressionsOf4096BytesAreAcceptedAndLongerOnesRejected()
    {
        Assert.Single(ExpressionParser.ParseProjection(new string('a', 4096), ExpressionAttributes.None));
        Assert.Equal("Invalid ProjectionExpression: Expression size has exceeded the maximum allowed size; expression size: 4097",
            ErrorOf(() => ExpressionParser.ParseProjection(new string('a', 4097), ExpressionAttributes.None)));
        Assert.Equal("Invalid UpdateExpression: Expression size has exceeded the maximum allowed size; expression size: 4098",
            UpdateError("SET " + new string('\u00e9', 2047), values: Vals((":v", S("x")))));
    }

    [Fact]
    public void KeywordsAreCaseInsensitive()
    {
        var update = Update("set a = :v rEmOvE b Add c :n delete d :s", values: Vals((":v", S("x")), (":n", AnyNumber), (":s", SS("x"))));
        Assert.Equal(4, update.Actions.Count);
        var condition = Condition("a = :v and not b between :v AnD :v or c In (:v)", values: Vals((":v", S("x"))));
        Assert.IsType<OrCondition>(condition);
    }

    [Fact]
    public void WhitespaceAroundPathPartsIsAllowed()
    {
        var condition = (ComparisonCondition)Condition(" a . b [ 3 ] . c\t=\n:v ", values: Vals((":v", S("x"))));
        Assert.Equal("[a, b, [3], c]", ((PathOperand)condition.Left).Path.ToString());
    }
}
