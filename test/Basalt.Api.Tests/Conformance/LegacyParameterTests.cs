using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using static Basalt.Api.Tests.Conformance.Av;

namespace Basalt.Api.Tests.Conformance;

/// <summary>The pre-expression parameters: Expected, ConditionalOperator, AttributeUpdates.</summary>
public sealed class LegacyParameterTests(BasaltFixture fixture) : ConformanceTest(fixture)
{
    private static readonly Dictionary<string, AttributeValue> Stored = Item(
        ("pk", S("a")), ("s", S("hello")), ("n", N(5)), ("ss", SS("x", "y")), ("b", B(1, 2, 3)));

    /// <summary>Values written as "S:text", "N:5", "SS:x", joined with '|'.</summary>
    private static List<AttributeValue> Values(string encoded) =>
        encoded.Length == 0
            ? []
            : [.. encoded.Split('|').Select(v => v.Split(':', 2) switch
            {
                ["S", var s] => S(s),
                ["N", var n] => N(n),
                ["SS", var s] => SS(s),
                var other => throw new ArgumentException(string.Join(':', other)),
            })];

    public static TheoryData<string, string, string, bool> Comparisons => new()
    {
        { "s", "EQ", "S:hello", true },
        { "s", "EQ", "S:bye", false },
        { "s", "NE", "S:bye", true },
        { "s", "NE", "S:hello", false },
        { "missing", "NE", "S:x", true },
        { "n", "LT", "N:6", true },
        { "n", "LT", "N:5", false },
        { "n", "LE", "N:5", true },
        { "n", "GT", "N:4", true },
        { "n", "GT", "N:5", false },
        { "n", "GE", "N:5", true },
        { "n", "GE", "N:50", false },
        { "s", "BEGINS_WITH", "S:he", true },
        { "s", "BEGINS_WITH", "S:lo", false },
        { "s", "CONTAINS", "S:ell", true },
        { "ss", "CONTAINS", "S:x", true },
        { "ss", "CONTAINS", "S:z", false },
        { "s", "NOT_CONTAINS", "S:xyz", true },
        { "s", "NOT_CONTAINS", "S:ell", false },
        { "missing", "NULL", "", true },
        { "s", "NULL", "", false },
        { "s", "NOT_NULL", "", true },
        { "missing", "NOT_NULL", "", false },
        { "s", "IN", "S:a|S:hello", true },
        { "s", "IN", "S:a", false },
        { "n", "BETWEEN", "N:1|N:5", true },
        { "n", "BETWEEN", "N:6|N:9", false },
        { "s", "EQ", "N:5", false },
    };

    [Theory]
    [MemberData(nameof(Comparisons))]
    public async Task Expected_with_a_ComparisonOperator_guards_a_PutItem(string attribute, string op, string values, bool passes)
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Stored);
        var request = new PutItemRequest
        {
            TableName = table,
            Item = Item(("pk", S("a")), ("written", Bool(true))),
            Expected = new() { [attribute] = new ExpectedAttributeValue { ComparisonOperator = ComparisonOperator.FindValue(op), AttributeValueList = Values(values) } },
        };

        if (passes)
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
    public async Task Expected_Exists_false_allows_a_new_item_and_refuses_an_existing_one()
    {
        var table = await CreateTableAsync();
        var request = new PutItemRequest { TableName = table, Item = Key("a"), Expected = new() { ["pk"] = new ExpectedAttributeValue { Exists = false } } };

        await Ddb.PutItemAsync(request, Ct);
        await Expect.ConditionFailedAsync(() => Ddb.PutItemAsync(request, Ct));
    }

    [Fact]
    public async Task Expected_Value_requires_an_equal_attribute()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Stored);

        await Ddb.PutItemAsync(new PutItemRequest { TableName = table, Item = Stored, Expected = new() { ["s"] = new ExpectedAttributeValue { Value = S("hello") } } }, Ct);
        await Expect.ConditionFailedAsync(() => Ddb.PutItemAsync(
            new PutItemRequest { TableName = table, Item = Stored, Expected = new() { ["s"] = new ExpectedAttributeValue { Value = S("other"), Exists = true } } }, Ct));
    }

    [Fact]
    public async Task Expected_conditions_are_ANDed_by_default()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Stored);
        var expected = new Dictionary<string, ExpectedAttributeValue>
        {
            ["s"] = new() { Value = S("hello") },
            ["n"] = new() { Value = N(6) },
        };

        await Expect.ConditionFailedAsync(() => Ddb.PutItemAsync(new PutItemRequest { TableName = table, Item = Stored, Expected = expected }, Ct));
        await Expect.ConditionFailedAsync(() => Ddb.PutItemAsync(new PutItemRequest { TableName = table, Item = Stored, Expected = expected, ConditionalOperator = ConditionalOperator.AND }, Ct));
    }

    [Fact]
    public async Task ConditionalOperator_OR_needs_only_one_condition()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Stored);
        var expected = new Dictionary<string, ExpectedAttributeValue>
        {
            ["s"] = new() { Value = S("hello") },
            ["n"] = new() { Value = N(6) },
        };

        await Ddb.PutItemAsync(new PutItemRequest { TableName = table, Item = Stored, Expected = expected, ConditionalOperator = ConditionalOperator.OR }, Ct);
    }

    [Fact]
    public async Task Expected_guards_a_DeleteItem()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Stored);

        await Expect.ConditionFailedAsync(() => Ddb.DeleteItemAsync(
            new DeleteItemRequest { TableName = table, Key = Key("a"), Expected = new() { ["n"] = new ExpectedAttributeValue { Value = N(4) } } }, Ct));
        await Ddb.DeleteItemAsync(new DeleteItemRequest { TableName = table, Key = Key("a"), Expected = new() { ["n"] = new ExpectedAttributeValue { Value = N(5) } } }, Ct);

        Assert.Null(await GetAsync(table, Key("a")));
    }

    [Fact]
    public async Task Expected_guards_an_UpdateItem()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Stored);

        await Expect.ConditionFailedAsync(() => Ddb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table,
            Key = Key("a"),
            AttributeUpdates = new() { ["n"] = new AttributeValueUpdate { Action = AttributeAction.PUT, Value = N(6) } },
            Expected = new() { ["n"] = new ExpectedAttributeValue { ComparisonOperator = ComparisonOperator.GT, AttributeValueList = [N(5)] } },
        }, Ct));
        Expect.Item(Stored, await GetAsync(table, Key("a")));
    }

    public static TheoryData<string, string> InvalidExpectations => new()
    {
        { "exists-true-no-value", "Value must be provided when Exists is true for Attribute: a" },
        { "exists-false-with-value", "Value cannot be used when Exists is false for Attribute: a" },
        { "operator-without-value", "Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: a" },
        { "between-one-value", "Invalid number of argument(s) for the BETWEEN ComparisonOperator" },
        { "null-with-value", "Invalid number of argument(s) for the NULL ComparisonOperator" },
        { "value-and-list", "Value and AttributeValueList cannot be used together for Attribute: a" },
        { "exists-and-operator", "Exists and ComparisonOperator cannot be used together for Attribute: a" },
    };

    [Theory]
    [MemberData(nameof(InvalidExpectations))]
    public async Task Malformed_Expected_conditions_are_rejected(string shape, string message)
    {
        var table = await CreateTableAsync();
        var condition = shape switch
        {
            "exists-true-no-value" => new ExpectedAttributeValue { Exists = true },
            "exists-false-with-value" => new ExpectedAttributeValue { Exists = false, Value = S("x") },
            "operator-without-value" => new ExpectedAttributeValue { ComparisonOperator = ComparisonOperator.EQ },
            "between-one-value" => new ExpectedAttributeValue { ComparisonOperator = ComparisonOperator.BETWEEN, AttributeValueList = [S("x")] },
            "null-with-value" => new ExpectedAttributeValue { ComparisonOperator = ComparisonOperator.NULL, AttributeValueList = [S("x")] },
            "value-and-list" => new ExpectedAttributeValue { ComparisonOperator = ComparisonOperator.EQ, Value = S("x"), AttributeValueList = [S("x")] },
            _ => new ExpectedAttributeValue { Exists = true, ComparisonOperator = ComparisonOperator.LT, AttributeValueList = [S("x")] },
        };

        await Expect.ValidationAsync(
            () => Ddb.PutItemAsync(new PutItemRequest { TableName = table, Item = Key("a"), Expected = new() { ["a"] = condition } }, Ct),
            "One or more parameter values were invalid: " + message);
    }

    [Fact]
    public async Task AttributeUpdates_PUT_and_DELETE_set_and_remove_attributes()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Stored);

        await Ddb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table,
            Key = Key("a"),
            AttributeUpdates = new()
            {
                ["s"] = new AttributeValueUpdate { Action = AttributeAction.PUT, Value = S("changed") },
                ["b"] = new AttributeValueUpdate { Action = AttributeAction.DELETE },
                ["added"] = new AttributeValueUpdate { Value = N(1) },
            },
        }, Ct);

        Expect.Item(Item(("pk", S("a")), ("s", S("changed")), ("n", N(5)), ("ss", SS("x", "y")), ("added", N(1))), await GetAsync(table, Key("a")));
    }

    [Fact]
    public async Task AttributeUpdates_ADD_increments_numbers_and_extends_sets()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Stored);

        await Ddb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table,
            Key = Key("a"),
            AttributeUpdates = new()
            {
                ["n"] = new AttributeValueUpdate { Action = AttributeAction.ADD, Value = N(-7) },
                ["ss"] = new AttributeValueUpdate { Action = AttributeAction.ADD, Value = SS("z") },
                ["fresh"] = new AttributeValueUpdate { Action = AttributeAction.ADD, Value = N(3) },
            },
        }, Ct);

        Expect.Item(
            Item(("pk", S("a")), ("s", S("hello")), ("n", N(-2)), ("ss", SS("x", "y", "z")), ("b", B(1, 2, 3)), ("fresh", N(3))),
            await GetAsync(table, Key("a")));
    }

    [Fact]
    public async Task AttributeUpdates_DELETE_with_a_value_removes_set_members()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Stored);

        var response = await Ddb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table,
            Key = Key("a"),
            AttributeUpdates = new() { ["ss"] = new AttributeValueUpdate { Action = AttributeAction.DELETE, Value = SS("x") } },
            ReturnValues = ReturnValue.UPDATED_NEW,
        }, Ct);

        Expect.Item(Item(("ss", SS("y"))), response.Attributes);
    }

    [Fact]
    public async Task AttributeUpdates_on_a_missing_item_creates_it()
    {
        var table = await CreateTableAsync();

        var response = await Ddb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table,
            Key = Key("new"),
            AttributeUpdates = new() { ["v"] = new AttributeValueUpdate { Action = AttributeAction.PUT, Value = S("x") } },
            ReturnValues = ReturnValue.ALL_NEW,
        }, Ct);

        Expect.Item(Item(("pk", S("new")), ("v", S("x"))), response.Attributes);
    }

    [Fact]
    public async Task AttributeUpdates_on_a_key_attribute_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => Ddb.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = table,
                Key = Key("a"),
                AttributeUpdates = new() { ["pk"] = new AttributeValueUpdate { Action = AttributeAction.PUT, Value = S("b") } },
            }, Ct),
            "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key");
    }

    [Fact]
    public async Task AttributesToGet_with_duplicates_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => Ddb.GetItemAsync(new GetItemRequest { TableName = table, Key = Key("a"), AttributesToGet = ["x", "x"] }, Ct),
            "One or more parameter values were invalid: Duplicate value in attribute name: x");
    }
}
