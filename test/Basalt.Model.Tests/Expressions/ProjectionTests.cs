using Basalt.Model.Expressions;
using static Basalt.Model.Tests.Expressions.Values;

namespace Basalt.Model.Tests.Expressions;

public class ProjectionTests
{
    private static readonly Item Sample = ItemOf(
        ("a", S("x")),
        ("b", M(("c", N("1")), ("d", M(("e", S("y")), ("f", S("z")))), ("g", L(S("p"), M(("q", S("r")), ("s", S("t"))), S("u"))))),
        ("l", L(S("l0"), S("l1"), S("l2"))));

    private static Item Project(string expression) =>
        Projection.Apply(Sample, ExpressionParser.ParseProjection(expression, ExpressionAttributes.None));

    [Fact]
    public void TopLevelAttributesAreCopied()
    {
        var result = Project("a, l, nothing");
        Assert.Equal(2, result.Count);
        Assert.Same(Sample["a"], result["a"]);
        Assert.Same(Sample["l"], result["l"]);
    }

    [Fact]
    public void NestedPathsKeepTheirStructure()
    {
        var result = Project("b.d.e, b.c");
        Assert.Equal(M(("d", M(("e", S("y")))), ("c", N("1"))), Assert.Single(result).Value);
    }

    [Fact]
    public void ListElementsAreCompactedInIndexOrder()
    {
        Assert.Equal(L(S("l0"), S("l2")), Project("l[2], l[0], l[7]")["l"]);
        Assert.Equal(M(("g", L(M(("s", S("t"))), S("u")))), Project("b.g[2], b.g[1].s")["b"]);
    }

    [Fact]
    public void PathsMatchingNothingAreLeftOut()
    {
        Assert.Empty(Project("b.nothing, l[9], a.b, nothing.x"));
        Assert.Empty(Project("a[0]"));
    }
}
