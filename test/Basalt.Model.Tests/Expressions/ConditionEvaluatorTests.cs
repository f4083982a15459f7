using Basalt.Model.Expressions;
using static Basalt.Model.Tests.Expressions.Values;

namespace Basalt.Model.Tests.Expressions;

public class ConditionEvaluatorTests
{
    private static readonly Item Sample = ItemOf(
        ("n", N("1")),
        ("two", N("2")),
        ("s", S("cat")),
        ("b", B(1, 2, 3)),
        ("t", Bool(true)),
        ("nul", Null),
        ("l", L(N("2"), S("dog"), N("7"), SS("x"))),
        ("m", M(("x", N("2")), ("y", M(("m", N("3")), ("n", N("4")))), ("lst", L(N("-1"), N("2"), N("0"))))),
        ("ss", SS("hello", "world")),
        ("ns", NS("2", "4", "7")),
        ("bs", BS([1], [2, 3])),
        ("u", S("é𝄞")));

    private static readonly Dictionary<string, AttributeValue> V = Vals(
        (":one", N("1")), (":onePointZero", N("1.0")), (":two", N("2")), (":three", N("3")), (":cat", S("cat")), (":ca", S("ca")),
        (":dog", S("dog")), (":at", S("at")), (":b12", B(1, 2)), (":b23", B(2, 3)), (":b4", B(4)), (":x", S("x")),
        (":t", Bool(true)), (":null", Null), (":list", L(N("2"), S("dog"), N("7"), SS("x"))), (":hello", S("hello")),
        (":setx", SS("x")), (":four", N("4")), (":eight", N("8")), (":five", N("5")), (":typeS", S("S")), (":typeN", S("N")),
        (":typeM", S("M")), (":typeNULL", S("NULL")), (":typeBOOL", S("BOOL")), (":typeL", S("L")), (":typeSS", S("SS")),
        (":typeNS", S("NS")), (":typeBS", S("BS")), (":typeB", S("B")), (":map", M(("x", N("2")))));

    private static bool Eval(string expression, IReadOnlyDictionary<string, AttributeValue>? item = null) =>
        ConditionEvaluator.Evaluate(ExpressionParser.ParseCondition(expression, Attrs(Names("#and", "and"), V), ExpressionKind.Condition),
            item ?? Sample);

    [Theory]
    [InlineData("n = :one", true)]
    [InlineData("n = :onePointZero", true)]
    [InlineData("n = :two", false)]
    [InlineData("n = :cat", false)]
    [InlineData("s = :cat", true)]
    [InlineData("b = :b12", false)]
    [InlineData("t = :t", true)]
    [InlineData("nul = :null", true)]
    [InlineData("l = :list", true)]
    [InlineData("m.x = :two", true)]
    [InlineData("m.y.m = :three", true)]
    [InlineData("m.lst[1] = :two", true)]
    [InlineData("m.lst[3] = :two", false)]
    [InlineData("l[3] = :setx", true)]
    [InlineData("n = two", false)]
    [InlineData("two = m.x", true)]
    [InlineData("absent = :one", false)]
    [InlineData("absent = zz", false)]
    [InlineData("n.x = :one", false)]
    [InlineData("s[0] = :one", false)]
    public void EqualityComparesTypeAndValue(string expression, bool expected) => Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData("n <> :two", true)]
    [InlineData("n <> :one", false)]
    [InlineData("n <> :cat", true)]
    [InlineData("absent <> :one", true)]
    [InlineData("absent <> zz", true)]
    public void InequalityIsTrueForMissingOrDifferentValues(string expression, bool expected) => Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData("n < :two", true)]
    [InlineData("n < :one", false)]
    [InlineData("n <= :one", true)]
    [InlineData("n > :one", false)]
    [InlineData("two > n", true)]
    [InlineData("n >= :onePointZero", true)]
    [InlineData("s < :dog", true)]
    [InlineData("s < :ca", false)]
    [InlineData("s > :ca", true)]
    [InlineData("b < :b23", true)]
    [InlineData("b > :b12", true)]
    [InlineData("n < :cat", false)]
    [InlineData("absent < :one", false)]
    [InlineData(":one < absent", false)]
    [InlineData("absent <= zz", false)]
    [InlineData("l < :one", false)]
    [InlineData(":one < l", false)]
    [InlineData("t > :one", false)]
    public void OrderingWorksOnStringsNumbersAndBinariesOnly(string expression, bool expected) => Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData("n BETWEEN :one AND :two", true)]
    [InlineData("two BETWEEN :one AND :two", true)]
    [InlineData("n BETWEEN :two AND :three", false)]
    [InlineData("s BETWEEN :ca AND :dog", true)]
    [InlineData("s BETWEEN :cat AND :cat", true)]
    [InlineData("b BETWEEN :b12 AND :b23", true)]
    [InlineData("n BETWEEN :ca AND :dog", false)]
    [InlineData("absent BETWEEN :one AND :two", false)]
    [InlineData("n BETWEEN two AND :three", false)]
    [InlineData("two BETWEEN n AND m.x", true)]
    [InlineData("n BETWEEN two AND n", false)]
    [InlineData("l BETWEEN n AND two", false)]
    public void BetweenIsInclusive(string expression, bool expected) => Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData("n IN (:two, :one)", true)]
    [InlineData("n IN (:cat, :onePointZero)", true)]
    [InlineData("n IN (:two, :three)", false)]
    [InlineData("l IN (:one, :list)", true)]
    [InlineData("absent IN (:one)", false)]
    [InlineData("two IN (m.x)", true)]
    public void InMatchesAnyCandidate(string expression, bool expected) => Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData("attribute_exists(n)", true)]
    [InlineData("attribute_exists(nul)", true)]
    [InlineData("attribute_exists(m.y.n)", true)]
    [InlineData("attribute_exists(m.y.z)", false)]
    [InlineData("attribute_exists(l[3])", true)]
    [InlineData("attribute_exists(l[4])", false)]
    [InlineData("attribute_exists(absent)", false)]
    [InlineData("attribute_not_exists(absent)", true)]
    [InlineData("attribute_not_exists(n)", false)]
    [InlineData("attribute_not_exists(#and)", true)]
    public void ExistenceFunctions(string expression, bool expected) => Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData("attribute_type(s, :typeS)", true)]
    [InlineData("attribute_type(n, :typeN)", true)]
    [InlineData("attribute_type(n, :typeS)", false)]
    [InlineData("attribute_type(b, :typeB)", true)]
    [InlineData("attribute_type(t, :typeBOOL)", true)]
    [InlineData("attribute_type(nul, :typeNULL)", true)]
    [InlineData("attribute_type(l, :typeL)", true)]
    [InlineData("attribute_type(m, :typeM)", true)]
    [InlineData("attribute_type(ss, :typeSS)", true)]
    [InlineData("attribute_type(ns, :typeNS)", true)]
    [InlineData("attribute_type(bs, :typeBS)", true)]
    [InlineData("attribute_type(absent, :typeS)", false)]
    [InlineData("attribute_type(:one, :typeN)", true)]
    public void AttributeTypeComparesTheTypeName(string expression, bool expected) => Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData("begins_with(s, :ca)", true)]
    [InlineData("begins_with(s, :cat)", true)]
    [InlineData("begins_with(s, :dog)", false)]
    [InlineData("begins_with(b, :b12)", true)]
    [InlineData("begins_with(b, :b23)", false)]
    [InlineData("begins_with(n, :ca)", false)]
    [InlineData("begins_with(absent, :ca)", false)]
    [InlineData("begins_with(:cat, s)", true)]
    [InlineData("begins_with(s, b)", false)]
    public void BeginsWithWorksOnStringsAndBinaries(string expression, bool expected) => Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData("contains(s, :at)", true)]
    [InlineData("contains(s, :dog)", false)]
    [InlineData("contains(b, :b23)", true)]
    [InlineData("contains(b, :b4)", false)]
    [InlineData("contains(ss, :hello)", true)]
    [InlineData("contains(ss, :cat)", false)]
    [InlineData("contains(ns, :four)", true)]
    [InlineData("contains(ns, :five)", false)]
    [InlineData("contains(l, :dog)", true)]
    [InlineData("contains(l, :setx)", true)]
    [InlineData("contains(l, :x)", false)]
    [InlineData("contains(m, :x)", false)]
    [InlineData("contains(n, :one)", false)]
    [InlineData("contains(absent, :one)", false)]
    [InlineData("contains(ss, s)", false)]
    [InlineData("contains(ns, two)", true)]
    public void ContainsChecksSubstringsMembersAndElements(string expression, bool expected) => Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData("size(s) = :three", true)]
    [InlineData("size(u) = :three", true)]
    [InlineData("size(b) = :three", true)]
    [InlineData("size(ss) = :two", true)]
    [InlineData("size(ns) = :three", true)]
    [InlineData("size(l) = :four", true)]
    [InlineData("size(m) = :three", true)]
    [InlineData("size(m.y) < :three", true)]
    [InlineData("size(n) = :one", false)]
    [InlineData("size(n) <> :one", true)]
    [InlineData("size(t) = :one", false)]
    [InlineData("size(nul) = :one", false)]
    [InlineData("size(absent) = :one", false)]
    [InlineData("size(s) = :cat", false)]
    [InlineData("size(s) > two", true)]
    [InlineData("size(:hello) = :five", true)]
    public void SizeCountsUtf16UnitsBytesAndElements(string expression, bool expected) => Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData("n = :one AND s = :cat", true)]
    [InlineData("n = :one AND s = :dog", false)]
    [InlineData("n = :two OR s = :cat", true)]
    [InlineData("n = :two OR s = :dog", false)]
    [InlineData("NOT n = :two", true)]
    [InlineData("NOT NOT NOT NOT n = :one", true)]
    [InlineData("n = :one OR n = :two AND n = :three", true)]
    [InlineData("(n = :one OR n = :two) AND n = :three", false)]
    [InlineData("NOT n = :one AND s = :dog", false)]
    [InlineData("NOT (n = :two AND s = :dog)", true)]
    [InlineData("n BETWEEN :one AND :two AND s = :cat", true)]
    public void BooleanOperatorsFollowPrecedence(string expression, bool expected) => Assert.Equal(expected, Eval(expression));

    [Fact]
    public void ANullItemHasNoAttributes()
    {
        var absent = ExpressionParser.ParseCondition("attribute_not_exists(pk)", ExpressionAttributes.None, ExpressionKind.Condition);
        Assert.True(ConditionEvaluator.Evaluate(absent, null));
        var present = ExpressionParser.ParseCondition("attribute_exists(pk) OR pk <> :v", Attrs(values: Vals((":v", S("x")))), ExpressionKind.Condition);
        Assert.True(ConditionEvaluator.Evaluate(present, null));
        Assert.False(ConditionEvaluator.Evaluate(
            ExpressionParser.ParseCondition("pk = :v", Attrs(values: Vals((":v", S("x")))), ExpressionKind.Condition), null));
    }
}
