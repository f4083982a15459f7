using System.Text.RegularExpressions;
using Amazon.DynamoDBv2.Model;
using static Basalt.Api.Tests.Conformance.Av;

namespace Basalt.Api.Tests.Conformance;

/// <summary>Operators and functions of ConditionExpression, evaluated by a conditional PutItem against a stored item.</summary>
public sealed partial class ConditionExpressionTests(BasaltFixture fixture) : ConformanceTest(fixture)
{
    private static readonly Dictionary<string, AttributeValue> Stored = Item(
        ("pk", S("a")),
        ("s", S("hello")),
        ("n", N(5)),
        ("b", B(1, 2, 3)),
        ("ss", SS("x", "y")),
        ("ns", NS("1", "2")),
        ("l", L(S("p"), N(1))),
        ("m", M(("k", S("v")), ("nest", M(("deep", N(1)))))),
        ("t", Bool(true)),
        ("z", Null()),
        ("e", S("")));

    private static readonly Dictionary<string, AttributeValue> AllValues = new()
    {
        [":hello"] = S("hello"),
        [":a"] = S("a"),
        [":he"] = S("he"),
        [":lo"] = S("lo"),
        [":ell"] = S("ell"),
        [":x"] = S("x"),
        [":p"] = S("p"),
        [":v"] = S("v"),
        [":empty"] = S(""),
        [":one"] = N(1),
        [":two"] = N(2),
        [":three"] = N(3),
        [":five"] = N(5),
        [":fivepointzero"] = N("5.0"),
        [":six"] = N(6),
        [":nine"] = N(9),
        [":true"] = Bool(true),
        [":null"] = Null(),
        [":b123"] = B(1, 2, 3),
        [":yx"] = SS("y", "x"),
        [":typeN"] = S("N"),
        [":typeSS"] = S("SS"),
        [":typeNULL"] = S("NULL"),
        [":typeM"] = S("M"),
        [":typeS"] = S("S"),
    };

    [GeneratedRegex(":[A-Za-z0-9_]+")]
    private static partial Regex ValueName();

    public static TheoryData<string, bool> Conditions => new()
    {
        { "s = :hello", true },
        { "s <> :hello", false },
        { "n < :six", true },
        { "n <= :five", true },
        { "n > :five", false },
        { "n >= :five", true },
        { "n = :fivepointzero", true },
        { "n BETWEEN :one AND :five", true },
        { "n BETWEEN :six AND :nine", false },
        { "s IN (:a, :hello)", true },
        { "s IN (:a, :x)", false },
        { "attribute_exists(m.nest.deep)", true },
        { "attribute_exists(m.nope)", false },
        { "attribute_not_exists(nope)", true },
        { "attribute_not_exists(s)", false },
        { "attribute_type(n, :typeN)", true },
        { "attribute_type(ss, :typeSS)", true },
        { "attribute_type(z, :typeNULL)", true },
        { "attribute_type(m, :typeM)", true },
        { "attribute_type(n, :typeS)", false },
        { "begins_with(s, :he)", true },
        { "begins_with(s, :lo)", false },
        { "contains(s, :ell)", true },
        { "contains(ss, :x)", true },
        { "contains(l, :p)", true },
        { "contains(ns, :three)", false },
        { "size(s) = :five", true },
        { "size(ss) = :two", true },
        { "size(l) = :two", true },
        { "size(m) = :two", true },
        { "size(b) = :three", true },
        { "size(nope) = :one", false },
        { "NOT s = :hello", false },
        { "NOT (n < :one)", true },
        { "s = :hello AND n = :six", false },
        { "s = :hello OR n = :six", true },
        { "(s = :a OR n = :five) AND t = :true", true },
        { "s = :a OR n = :five AND t = :true", true },
        { "l[0] = :p", true },
        { "l[1] = :one", true },
        { "l[5] = :one", false },
        { "m.k = :v", true },
        { "m.nest.deep = :one", true },
        { "z = :null", true },
        { "e = :empty", true },
        { "b = :b123", true },
        { "ss = :yx", true },
        { "s < :five", false },
        { "nope = :one", false },
        { "nope <> :one", true },
        { "nope <> nada", true },
        { "nope < nada", false },
        { "nope >= nada", false },
        { "nope BETWEEN nada AND zilch", false },
        { "l < :one", false },
        { ":one < l", false },
        { "n <> :hello", true },
    };

    [Theory]
    [MemberData(nameof(Conditions))]
    public async Task A_ConditionExpression_is_evaluated_like_DynamoDB(string condition, bool holds)
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Stored);
        var values = ValueName().Matches(condition).Select(m => m.Value).Distinct().ToDictionary(v => v, v => AllValues[v]);
        var request = new PutItemRequest
        {
            TableName = table,
            Item = Item(("pk", S("a")), ("written", Bool(true))),
            ConditionExpression = condition,
            ExpressionAttributeValues = values.Count == 0 ? null : values,
        };

        if (holds)
        {
            await Ddb.PutItemAsync(request, Ct);
            Expect.Item(request.Item, await GetAsync(table, Key("a")));
        }
        else
        {
            await Expect.ConditionFailedAsync(() => Ddb.PutItemAsync(request, Ct));
            Expect.Item(Stored, await GetAsync(table, Key("a")));
        }
    }

    [Fact]
    public async Task Attribute_names_substitute_inside_document_paths()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Stored);

        await Ddb.PutItemAsync(new PutItemRequest
        {
            TableName = table,
            Item = Stored,
            ConditionExpression = "#m.#inner.#deep = :one AND #l[0] = :p",
            ExpressionAttributeNames = new() { ["#m"] = "m", ["#inner"] = "nest", ["#deep"] = "deep", ["#l"] = "l" },
            ExpressionAttributeValues = new() { [":one"] = N(1), [":p"] = S("p") },
        }, Ct);
    }

    [Fact]
    public async Task A_name_with_a_dot_is_one_attribute_when_substituted()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Item(("pk", S("a")), ("a.b", S("dotted"))));

        await Ddb.PutItemAsync(new PutItemRequest
        {
            TableName = table,
            Item = Key("a"),
            ConditionExpression = "#ab = :v",
            ExpressionAttributeNames = new() { ["#ab"] = "a.b" },
            ExpressionAttributeValues = new() { [":v"] = S("dotted") },
        }, Ct);
    }

    [Theory]
    [InlineData("n < :list")]
    [InlineData(":list < n")]
    [InlineData("n BETWEEN :list AND :one")]
    public async Task An_ordering_comparison_with_a_list_value_is_rejected_not_false(string condition)
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Stored);
        var values = new Dictionary<string, AttributeValue> { [":list"] = L(N(1), N(2)) };
        if (condition.Contains(":one", StringComparison.Ordinal))
        {
            values[":one"] = N(1);
        }

        await Expect.ErrorAsync(
            () => Ddb.PutItemAsync(new PutItemRequest { TableName = table, Item = Key("a"), ConditionExpression = condition, ExpressionAttributeValues = values }, Ct),
            "ValidationException");
        Expect.Item(Stored, await GetAsync(table, Key("a")));
    }

    [Fact]
    public async Task An_unknown_function_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => Ddb.PutItemAsync(new PutItemRequest { TableName = table, Item = Key("a"), ConditionExpression = "frobnicate(s)" }, Ct),
            "Invalid ConditionExpression: Invalid function name; function: frobnicate");
    }

    [Fact]
    public async Task An_unknown_attribute_type_name_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationStartingWithAsync(
            () => Ddb.PutItemAsync(new PutItemRequest
            {
                TableName = table,
                Item = Key("a"),
                ConditionExpression = "attribute_type(s, :t)",
                ExpressionAttributeValues = new() { [":t"] = S("STRING") },
            }, Ct),
            "Invalid ConditionExpression: Invalid attribute type name found; type: STRING, valid types: ");
    }

    [Fact]
    public async Task begins_with_a_number_operand_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => Ddb.PutItemAsync(new PutItemRequest
            {
                TableName = table,
                Item = Key("a"),
                ConditionExpression = "begins_with(s, :n)",
                ExpressionAttributeValues = new() { [":n"] = N(1) },
            }, Ct),
            "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N");
    }

    [Fact]
    public async Task A_function_whose_operands_are_the_same_path_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => Ddb.PutItemAsync(new PutItemRequest
            {
                TableName = table,
                Item = Key("a"),
                ConditionExpression = "contains(#a, #a)",
                ExpressionAttributeNames = new() { ["#a"] = "data" },
            }, Ct),
            "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [data]");
    }

    [Fact]
    public async Task Redundant_parentheses_are_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => Ddb.PutItemAsync(new PutItemRequest { TableName = table, Item = Key("a"), ConditionExpression = "((attribute_not_exists(pk)))" }, Ct),
            "Invalid ConditionExpression: The expression has redundant parentheses;");
    }

    [Fact]
    public async Task A_function_used_as_a_comparison_operand_must_be_size()
    {
        var table = await CreateTableAsync();
        await Expect.ErrorAsync(
            () => Ddb.PutItemAsync(new PutItemRequest
            {
                TableName = table,
                Item = Key("a"),
                ConditionExpression = "attribute_exists(s) = :t",
                ExpressionAttributeValues = new() { [":t"] = Bool(true) },
            }, Ct),
            "ValidationException");
    }

    [Fact]
    public async Task FilterExpression_functions_work_in_a_Scan()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Item(("pk", S("1")), ("tags", SS("red", "blue")), ("title", S("alpha"))));
        await PutAsync(table, Item(("pk", S("2")), ("tags", SS("green")), ("title", S("beta"))));
        await PutAsync(table, Item(("pk", S("3")), ("title", S("alphabet"))));

        var response = await Ddb.ScanAsync(new ScanRequest
        {
            TableName = table,
            FilterExpression = "begins_with(title, :al) AND (attribute_not_exists(tags) OR contains(tags, :red)) AND size(title) > :four",
            ExpressionAttributeValues = new() { [":al"] = S("al"), [":red"] = S("red"), [":four"] = N(4) },
        }, Ct);

        Assert.Equal(["1", "3"], response.Items.Select(i => i["pk"].S).Order(StringComparer.Ordinal));
        Assert.Equal(3, response.ScannedCount);
    }
}
