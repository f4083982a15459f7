using Basalt.Model.Expressions;
using static Basalt.Model.Tests.Expressions.Values;

namespace Basalt.Model.Tests.Expressions;

public class ProjectionParserTests
{
    [Fact]
    public void ParsesPathsInOrder()
    {
        var paths = ExpressionParser.ParseProjection("a, #b.c[2], d[0][1]", Attrs(Names("#b", "COMMENT")));
        Assert.Equal(["[a]", "[COMMENT, c, [2]]", "[d, [0], [1]]"], paths.Select(p => p.ToString()));
    }

    [Theory]
    [InlineData("a, a", "overlap", "[a]", "[a]")]
    [InlineData("a.b, a", "overlap", "[a, b]", "[a]")]
    [InlineData("a[1], a[1].c", "overlap", "[a, [1]]", "[a, [1], c]")]
    [InlineData("a[1], a.b", "conflict", "[a, [1]]", "[a, b]")]
    public void OverlappingAndConflictingPathsAreRejected(string expression, string kind, string one, string two)
    {
        Assert.Equal("Invalid ProjectionExpression: Two document paths " + kind + " with each other; must remove or rewrite one of these paths; path one: " +
            one + ", path two: " + two, ErrorOf(() => ExpressionParser.ParseProjection(expression, ExpressionAttributes.None)));
    }

    [Theory]
    [InlineData("COMMENT", "COMMENT")]
    [InlineData("name", "name")]
    [InlineData("ADD", "ADD")]
    [InlineData("list[0].COMMENT", "list")]
    public void ReservedWordsAreRejected(string expression, string word)
    {
        Assert.Equal("Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: " + word,
            ErrorOf(() => ExpressionParser.ParseProjection(expression, ExpressionAttributes.None)));
    }

    [Fact]
    public void UndefinedNamesAreRejected()
    {
        Assert.Equal("Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; attribute name: #name",
            ErrorOf(() => ExpressionParser.ParseProjection("#name", ExpressionAttributes.None)));
    }

    [Fact]
    public void HugeIndexesAreRejected()
    {
        Assert.Equal("Invalid ProjectionExpression: List index is not within the allowable range; index: [99999999999999]",
            ErrorOf(() => ExpressionParser.ParseProjection("a[99999999999999]", ExpressionAttributes.None)));
    }
}
