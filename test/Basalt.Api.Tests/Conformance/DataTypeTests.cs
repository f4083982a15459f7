using Amazon.DynamoDBv2.Model;
using static Basalt.Api.Tests.Conformance.Av;

namespace Basalt.Api.Tests.Conformance;

/// <summary>Every attribute type round-trips; sets and malformed values are validated like DynamoDB.</summary>
public sealed class DataTypeTests(BasaltFixture fixture) : ConformanceTest(fixture)
{
    private static readonly byte[] AllBytes = [.. Enumerable.Range(0, 256).Select(i => (byte)i)];

    public static TheoryData<string> Kinds =>
    [
        "S", "S-unicode", "N", "B", "B-all-bytes", "BOOL-true", "BOOL-false", "NULL", "SS", "NS", "BS",
        "L", "L-empty", "M", "M-empty", "nested",
    ];

    private static AttributeValue Sample(string kind) => kind switch
    {
        "S" => S("plain text"),
        "S-unicode" => S("ünïcødé ✓ 𝄞 日本語"),
        "N" => N("-123.456"),
        "B" => B(0xde, 0xad, 0xbe, 0xef),
        "B-all-bytes" => B(AllBytes),
        "BOOL-true" => Bool(true),
        "BOOL-false" => Bool(false),
        "NULL" => Null(),
        "SS" => SS("b", "a", "c"),
        "NS" => NS("3", "-1", "2.5"),
        "BS" => BS([1], [2, 3], [255]),
        "L" => L(S("x"), N(1), Bool(false), Null(), L(), M(), SS("s"), B(9)),
        "L-empty" => L(),
        "M" => M(("s", S("x")), ("n", N(1)), ("b", B(1)), ("bool", Bool(true)), ("null", Null())),
        "M-empty" => M(),
        _ => M(("level1", M(("level2", L(M(("level3", L(L(S("deep"))))))))), ("sibling", NS("1"))),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Every_attribute_type_round_trips(string kind)
    {
        var table = await CreateTableAsync();
        var item = Item(("pk", S("a")), ("v", Sample(kind)));

        await PutAsync(table, item);

        Expect.Item(item, await GetAsync(table, Key("a")));
    }

    [Theory]
    [InlineData("S")]
    [InlineData("N")]
    [InlineData("B")]
    public async Task Keys_of_every_key_type_round_trip(string type)
    {
        var table = await CreateTableAsync(type, type);
        var (hash, range) = type switch
        {
            "S" => (S("ü"), S("ß")),
            "N" => (N("-1.5"), N("99999999999999999999999999999999999999")),
            _ => (B(0, 255), B(128)),
        };
        var item = Item(("pk", hash), ("sk", range), ("v", S("x")));

        await PutAsync(table, item);

        var response = await Ddb.GetItemAsync(new GetItemRequest { TableName = table, Key = Item(("pk", hash), ("sk", range)), ConsistentRead = true }, Ct);
        Expect.Item(item, response.Item);
    }

    [Fact]
    public async Task Sets_are_unordered()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Item(("pk", S("a")), ("ss", SS("z", "a", "m"))));

        var response = await Ddb.GetItemAsync(new GetItemRequest
        {
            TableName = table,
            Key = Key("a"),
            ConsistentRead = true,
        }, Ct);

        Assert.Equal(["a", "m", "z"], response.Item["ss"].SS.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_set_compares_equal_regardless_of_order_in_a_condition()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Item(("pk", S("a")), ("ss", SS("x", "y", "z"))));

        await Ddb.PutItemAsync(new PutItemRequest
        {
            TableName = table,
            Item = Key("a"),
            ConditionExpression = "ss = :s",
            ExpressionAttributeValues = new() { [":s"] = SS("z", "x", "y") },
        }, Ct);
    }

    [Fact]
    public async Task An_empty_string_set_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => PutAsync(table, Item(("pk", S("a")), ("v", SS()))),
            "One or more parameter values were invalid: An string set  may not be empty");
    }

    [Fact]
    public async Task An_empty_number_set_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => PutAsync(table, Item(("pk", S("a")), ("v", NS()))),
            "One or more parameter values were invalid: An number set  may not be empty");
    }

    [Fact]
    public async Task An_empty_binary_set_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => PutAsync(table, Item(("pk", S("a")), ("v", BS()))),
            "One or more parameter values were invalid: Binary sets should not be empty");
    }

    [Fact]
    public async Task An_empty_set_nested_in_a_map_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => PutAsync(table, Item(("pk", S("a")), ("m", M(("inner", SS()))))),
            "One or more parameter values were invalid: An string set  may not be empty");
    }

    [Fact]
    public async Task A_string_set_with_duplicates_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationContainingAsync(
            () => PutAsync(table, Item(("pk", S("a")), ("v", SS("a", "a")))),
            "One or more parameter values were invalid: Input collection",
            "contains duplicates");
    }

    [Fact]
    public async Task A_binary_set_with_duplicates_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationContainingAsync(
            () => PutAsync(table, Item(("pk", S("a")), ("v", BS([98], [98])))),
            "One or more parameter values were invalid: Input collection",
            "of type BS contains duplicates");
    }

    [Theory]
    [InlineData("1", "1")]
    [InlineData("1", "1.0")]
    [InlineData("100", "1E2")]
    public async Task A_number_set_with_numerically_equal_members_is_rejected(string first, string second)
    {
        var table = await CreateTableAsync();
        await Expect.ValidationContainingAsync(
            () => PutAsync(table, Item(("pk", S("a")), ("v", NS(first, second)))),
            "contains duplicates");
    }

    [Fact]
    public async Task A_string_set_may_hold_an_empty_string()
    {
        var table = await CreateTableAsync();
        var item = Item(("pk", S("a")), ("v", SS("", "x")));
        await PutAsync(table, item);
        Expect.Item(item, await GetAsync(table, Key("a")));
    }

    [Fact]
    public async Task An_attribute_value_without_a_type_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => PutAsync(table, Item(("pk", S("a")), ("v", new AttributeValue()))),
            "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
    }

    [Fact]
    public async Task An_attribute_value_with_two_types_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => PutAsync(table, Item(("pk", S("a")), ("v", new AttributeValue { S = "a", N = "1" }))),
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
    }

    [Fact]
    public async Task Attribute_names_are_case_sensitive_and_may_hold_any_characters()
    {
        var table = await CreateTableAsync();
        var item = Item(("pk", S("a")), ("Name", S("upper")), ("name", S("lower")), ("with space.and:colon#", S("odd")), ("ü", S("utf8")));

        await PutAsync(table, item);

        Expect.Item(item, await GetAsync(table, Key("a")));
    }

    [Fact]
    public async Task Binary_keys_sort_and_compare_as_raw_bytes()
    {
        var table = await CreateTableAsync("B");
        await PutAsync(table, Item(("pk", B(0x00)), ("v", S("zero"))));
        await PutAsync(table, Item(("pk", B(0x00, 0x00)), ("v", S("two zeros"))));

        var response = await Ddb.GetItemAsync(new GetItemRequest { TableName = table, Key = Item(("pk", B(0x00, 0x00))), ConsistentRead = true }, Ct);

        Expect.Item(Item(("pk", B(0x00, 0x00)), ("v", S("two zeros"))), response.Item);
    }
}
