using Basalt.Model.Expressions;
using static Basalt.Model.Tests.Expressions.Values;

namespace Basalt.Model.Tests.Expressions;

public class UpdateApplierTests
{
    private static readonly Dictionary<string, AttributeValue> V = Vals(
        (":one", N("1")), (":two", N("2")), (":five", N("5")), (":s", S("x")), (":ss", SS("a", "b")), (":ss2", SS("b", "c")),
        (":ns", NS("1", "4")), (":l", L(S("z"))), (":empty", L()), (":m", M(("k", S("v")))), (":big", N("9.9999999999999999999999999999999999999E+125")));

    private static UpdateResult Apply(string expression, Item? item, Dictionary<string, string>? names = null) =>
        UpdateApplier.Apply(ExpressionParser.ParseUpdate(expression, Attrs(names, V)), item);

    private static string ApplyError(string expression, Item? item) => ErrorOf(() => Apply(expression, item));

    [Fact]
    public void SetWritesTopLevelAndNestedAttributes()
    {
        var item = ItemOf(("pk", S("k")), ("m", M(("keep", S("k")))));
        var result = Apply("SET a = :s, m.child = :two, c = pk", item).NewItem;
        Assert.Equal(S("x"), result["a"]);
        Assert.Equal(M(("keep", S("k")), ("child", N("2"))), result["m"]);
        Assert.Equal(S("k"), result["c"]);
        Assert.False(result.ContainsKey("m.child"));
    }

    [Fact]
    public void TheInputItemIsNeverModified()
    {
        var inner = new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { ["x"] = N("1") };
        var list = new List<AttributeValue> { S("a"), S("b") };
        var item = ItemOf(("m", AttributeValue.FromMap(inner)), ("l", AttributeValue.FromList(list)), ("n", N("1")));
        Apply("SET m.x = :two, l[0] = :s, n = n + :one REMOVE l[1]", item);
        Assert.Equal(N("1"), inner["x"]);
        Assert.Equal([S("a"), S("b")], list);
        Assert.Equal(N("1"), item["n"]);
        Assert.Equal(3, item.Count);
    }

    [Fact]
    public void ArithmeticAddsAndSubtractsNumbers()
    {
        var item = ItemOf(("n", N("10")), ("m", M(("cnt", N("10")))));
        var result = Apply("SET n = n - :two, m.cnt = m.cnt + :five, fresh = if_not_exists(fresh, :one) + :one", item).NewItem;
        Assert.Equal(N("8"), result["n"]);
        Assert.Equal(M(("cnt", N("15"))), result["m"]);
        Assert.Equal(N("2"), result["fresh"]);
    }

    [Fact]
    public void ArithmeticOverflowIsReported()
    {
        var message = ApplyError("SET n = :big + :big", null);
        Assert.Equal("Number overflow. Attempting to store a number with magnitude larger than supported range", message);
    }

    [Fact]
    public void RightHandSidesSeeTheItemBeforeTheUpdate()
    {
        var item = ItemOf(("a", N("1")), ("b", N("2")));
        var result = Apply("SET a = b, b = a", item).NewItem;
        Assert.Equal(N("2"), result["a"]);
        Assert.Equal(N("1"), result["b"]);
    }

    [Fact]
    public void IfNotExistsKeepsAnExistingValue()
    {
        var item = ItemOf(("a", N("1")));
        var result = Apply("SET a = if_not_exists(a, :two), b = if_not_exists(b, :two)", item).NewItem;
        Assert.Equal(N("1"), result["a"]);
        Assert.Equal(N("2"), result["b"]);
    }

    [Fact]
    public void ListAppendConcatenatesLists()
    {
        var item = ItemOf(("l", L(S("a"))));
        var result = Apply("SET l = list_append(l, :l), k = list_append(:l, l), e = list_append(if_not_exists(e, :empty), :l)", item).NewItem;
        Assert.Equal(L(S("a"), S("z")), result["l"]);
        Assert.Equal(L(S("z"), S("a")), result["k"]);
        Assert.Equal(L(S("z")), result["e"]);
    }

    [Theory]
    [InlineData("SET c = b")]
    [InlineData("SET e = list_append(b, :l)")]
    [InlineData("SET e = b + :one")]
    [InlineData("SET e = if_not_exists(f, b)")]
    public void ReadingAMissingAttributeFails(string expression)
    {
        Assert.Equal("The provided expression refers to an attribute that does not exist in the item", ApplyError(expression, ItemOf(("a", S("x")))));
    }

    [Theory]
    [InlineData("SET e = a + :one")]
    [InlineData("SET e = :one - a")]
    [InlineData("SET e = list_append(a, :l)")]
    [InlineData("SET e = list_append(n, if_not_exists(f, :l))")]
    [InlineData("ADD a :one")]
    [InlineData("ADD n :ss")]
    [InlineData("ADD ss :one")]
    [InlineData("ADD ss :ns")]
    [InlineData("DELETE a :ss")]
    [InlineData("DELETE ss :ns")]
    [InlineData("DELETE n :ss")]
    [InlineData("DELETE m.x :ss")]
    public void WrongOperandTypesFail(string expression)
    {
        var item = ItemOf(("a", S("x")), ("n", N("1")), ("ss", SS("a")), ("m", M(("x", N("1")))));
        Assert.Equal("An operand in the update expression has an incorrect data type", ApplyError(expression, item));
    }

    [Theory]
    [InlineData("SET b.a = :s")]
    [InlineData("SET b[1] = :s")]
    [InlineData("SET y.a = :s")]
    [InlineData("SET y[1] = :s")]
    [InlineData("SET c[1] = :s")]
    [InlineData("SET d.x = :s")]
    [InlineData("REMOVE b.a")]
    [InlineData("REMOVE y.a")]
    [InlineData("REMOVE c[1]")]
    [InlineData("REMOVE d.x")]
    [InlineData("DELETE y.a :ss")]
    [InlineData("ADD y[1] :one")]
    [InlineData("ADD c[1] :one")]
    [InlineData("SET d[5].x = :s")]
    public void PathsThroughMissingOrWrongParentsFail(string expression)
    {
        var item = ItemOf(("b", S("x")), ("c", M(("1", S("a")))), ("d", L(S("a"), S("b"))));
        Assert.Equal("The document path provided in the update expression is invalid for update", ApplyError(expression, item));
    }

    [Fact]
    public void NestedPathsUnderAMissingItemFail()
    {
        Assert.Equal("The document path provided in the update expression is invalid for update", ApplyError("SET b.a = :s", null));
    }

    [Fact]
    public void ListIndexesReferToTheOriginalList()
    {
        var item = ItemOf(("l", L(S("a"), S("b"), S("c"), S("d"))));
        Assert.Equal(L(S("a"), S("c"), S("d")), Apply("REMOVE l[1]", item).NewItem["l"]);
        Assert.Equal(L(S("b"), S("c")), Apply("REMOVE l[0], l[3]", item).NewItem["l"]);
        Assert.Equal(L(S("b"), S("c"), S("x")), Apply("REMOVE l[0] SET l[3] = :s", item).NewItem["l"]);
        Assert.Equal(L(S("a"), S("b"), S("c"), S("d")), Apply("REMOVE l[9]", item).NewItem["l"]);
    }

    [Fact]
    public void SettingBeyondTheEndAppendsInIndexOrder()
    {
        var item = ItemOf(("l", L(S("a"))));
        Assert.Equal(L(S("a"), N("2"), S("x")), Apply("SET l[9] = :s, l[5] = :two", item).NewItem["l"]);
        Assert.Equal(L(S("x")), Apply("SET l[0] = :s", ItemOf(("l", L()))).NewItem["l"]);
    }

    [Fact]
    public void NestedUpdatesFollowDynamoDbSemantics()
    {
        // The update from DynamoDB's own behaviour: b = {a:1,b:2,c:3}, c = [1,3].
        var item = ItemOf(("a", S("key")), ("b", M(("a", N("1")), ("b", N("2")), ("c", N("3")))), ("c", L(N("1"), N("3"))));
        var result = UpdateApplier.Apply(ExpressionParser.ParseUpdate(
            "set b.c=((c[1])+(b.a)),b.a = a,c[1] = a, c[4] = b.a - b.b, c[2] = b.c add c[8] :b, c[6] :a",
            Attrs(values: Vals((":a", N("2")), (":b", SS("a"))))), item);
        Assert.Equal(M(("a", S("key")), ("b", N("2")), ("c", N("4"))), result.NewItem["b"]);
        Assert.Equal(L(N("1"), S("key"), N("3"), N("-1"), N("2"), SS("a")), result.NewItem["c"]);
        var updatedNew = Projection.Apply(result.NewItem, result.UpdatedPaths);
        Assert.Equal(M(("a", S("key")), ("c", N("4"))), updatedNew["b"]);
        Assert.Equal(L(S("key"), N("3"), N("2")), updatedNew["c"]);
    }

    [Fact]
    public void RemoveDropsAttributesAndMapKeys()
    {
        var item = ItemOf(("a", S("x")), ("m", M(("gone", S("g")), ("keep", S("k")))));
        var result = Apply("REMOVE a, m.gone, nothing, m.nothing", item).NewItem;
        Assert.False(result.ContainsKey("a"));
        Assert.Equal(M(("keep", S("k"))), result["m"]);
    }

    [Fact]
    public void AddCreatesAndIncrementsNumbersAndUnitesSets()
    {
        var item = ItemOf(("n", N("5")), ("ss", SS("a", "b")));
        var result = Apply("ADD n :two, fresh :five, ss :ss2, newset :ss", item).NewItem;
        Assert.Equal(N("7"), result["n"]);
        Assert.Equal(N("5"), result["fresh"]);
        Assert.Equal(SS("a", "b", "c"), result["ss"]);
        Assert.Equal(SS("a", "b"), result["newset"]);
        Assert.Equal(N("1"), Apply("ADD n :one", null).NewItem["n"]);
    }

    [Fact]
    public void DeleteRemovesSetElementsAndEmptySets()
    {
        var item = ItemOf(("ss", SS("a", "b")), ("ns", NS("1", "2", "3")));
        var result = Apply("DELETE ss :ss2, ns :ns, absent :ss", item).NewItem;
        Assert.Equal(SS("a"), result["ss"]);
        Assert.Equal(NS("2", "3"), result["ns"]);
        Assert.False(result.ContainsKey("absent"));
        Assert.False(Apply("DELETE ss :ss", item).NewItem.ContainsKey("ss"));
    }

    [Fact]
    public void UpdatedPathsListEveryActionPath()
    {
        var result = Apply("SET a = :s REMOVE b ADD c.d :one", ItemOf(("c", M())));
        Assert.Equal(["[a]", "[b]", "[c, d]"], result.UpdatedPaths.Select(p => p.ToString()));
    }

    [Fact]
    public void AMissingItemIsCreated()
    {
        var result = Apply("SET a = :s", null).NewItem;
        Assert.Equal(S("x"), Assert.Single(result).Value);
    }
}
