using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using static Basalt.Api.Tests.Conformance.Av;

namespace Basalt.Api.Tests.Conformance;

public sealed class GetItemTests(BasaltFixture fixture) : ConformanceTest(fixture)
{
    private static readonly Dictionary<string, AttributeValue> Document = Item(
        ("pk", S("doc")),
        ("name", S("basalt")),
        ("n", N(7)),
        ("m", M(("a", S("x")), ("b", M(("c", N(1)), ("d", N(2)))))),
        ("l", L(S("zero"), S("one"), M(("deep", S("two"))))),
        ("tags", SS("p", "q")));

    private Task<GetItemResponse> GetAsync(GetItemRequest request) => Ddb.GetItemAsync(request, Ct);

    private async Task<string> TableWithDocumentAsync()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Document);
        return table;
    }

    [Fact]
    public async Task GetItem_returns_the_whole_item()
    {
        var table = await TableWithDocumentAsync();
        var response = await GetAsync(new GetItemRequest { TableName = table, Key = Key("doc") });
        Expect.Item(Document, response.Item);
        Assert.Null(response.ConsumedCapacity);
    }

    [Fact]
    public async Task GetItem_of_a_missing_item_returns_no_Item()
    {
        var table = await CreateTableAsync();
        var response = await GetAsync(new GetItemRequest { TableName = table, Key = Key("nothing") });
        Assert.Null(response.Item);
    }

    [Fact]
    public async Task GetItem_with_hash_and_range_key_returns_the_matching_item_only()
    {
        var table = await CreateTableAsync("S", "N");
        await PutAsync(table, Item(("pk", S("a")), ("sk", N(1)), ("v", S("one"))));
        await PutAsync(table, Item(("pk", S("a")), ("sk", N(2)), ("v", S("two"))));

        var response = await GetAsync(new GetItemRequest { TableName = table, Key = Key("a", N(2)), ConsistentRead = true });

        Expect.Item(Item(("pk", S("a")), ("sk", N(2)), ("v", S("two"))), response.Item);
    }

    [Fact]
    public async Task ProjectionExpression_returns_only_the_named_top_level_attributes()
    {
        var table = await TableWithDocumentAsync();
        var response = await GetAsync(new GetItemRequest { TableName = table, Key = Key("doc"), ProjectionExpression = "n, tags" });
        Expect.Item(Item(("n", N(7)), ("tags", SS("p", "q"))), response.Item);
    }

    [Fact]
    public async Task ProjectionExpression_returns_nested_map_paths_inside_their_maps()
    {
        var table = await TableWithDocumentAsync();
        var response = await GetAsync(new GetItemRequest { TableName = table, Key = Key("doc"), ProjectionExpression = "m.b.d, m.a" });
        Expect.Item(Item(("m", M(("a", S("x")), ("b", M(("d", N(2))))))), response.Item);
    }

    [Fact]
    public async Task ProjectionExpression_returns_list_elements_compacted_in_order()
    {
        var table = await TableWithDocumentAsync();
        var response = await GetAsync(new GetItemRequest { TableName = table, Key = Key("doc"), ProjectionExpression = "l[2].deep, l[0]" });
        Expect.Item(Item(("l", L(S("zero"), M(("deep", S("two")))))), response.Item);
    }

    [Fact]
    public async Task ProjectionExpression_with_attribute_names_substitutes_them()
    {
        var table = await TableWithDocumentAsync();
        var response = await GetAsync(new GetItemRequest
        {
            TableName = table,
            Key = Key("doc"),
            ProjectionExpression = "#name, #m.#b",
            ExpressionAttributeNames = new() { ["#name"] = "name", ["#m"] = "m", ["#b"] = "b" },
        });
        Expect.Item(Item(("name", S("basalt")), ("m", M(("b", M(("c", N(1)), ("d", N(2))))))), response.Item);
    }

    [Fact]
    public async Task ProjectionExpression_of_missing_attributes_returns_an_empty_item()
    {
        var table = await TableWithDocumentAsync();
        var response = await GetAsync(new GetItemRequest { TableName = table, Key = Key("doc"), ProjectionExpression = "nothing, m.nothing, l[9]" });
        Assert.NotNull(response.Item);
        Assert.Empty(response.Item);
    }

    [Fact]
    public async Task AttributesToGet_returns_only_the_named_attributes()
    {
        var table = await TableWithDocumentAsync();
        var response = await GetAsync(new GetItemRequest { TableName = table, Key = Key("doc"), AttributesToGet = ["pk", "n", "missing"] });
        Expect.Item(Item(("pk", S("doc")), ("n", N(7))), response.Item);
    }

    [Fact]
    public async Task AttributesToGet_and_ProjectionExpression_cannot_be_combined()
    {
        var table = await TableWithDocumentAsync();
        await Expect.ValidationAsync(
            () => GetAsync(new GetItemRequest { TableName = table, Key = Key("doc"), AttributesToGet = ["n"], ProjectionExpression = "n" }),
            "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}");
    }

    [Fact]
    public async Task Unused_ExpressionAttributeNames_in_a_projection_are_rejected()
    {
        var table = await TableWithDocumentAsync();
        await Expect.ValidationAsync(
            () => GetAsync(new GetItemRequest
            {
                TableName = table,
                Key = Key("doc"),
                ProjectionExpression = "n",
                ExpressionAttributeNames = new() { ["#x"] = "x" },
            }),
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#x}");
    }

    [Fact]
    public async Task Overlapping_projection_paths_are_rejected()
    {
        var table = await TableWithDocumentAsync();
        await Expect.ValidationAsync(
            () => GetAsync(new GetItemRequest { TableName = table, Key = Key("doc"), ProjectionExpression = "m, m.a" }),
            "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [m], path two: [m, a]");
    }

    [Fact]
    public async Task A_reserved_word_in_a_projection_is_rejected()
    {
        var table = await TableWithDocumentAsync();
        await Expect.ValidationAsync(
            () => GetAsync(new GetItemRequest { TableName = table, Key = Key("doc"), ProjectionExpression = "name" }),
            "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: name");
    }

    [Fact]
    public async Task GetItem_from_a_missing_table_fails_with_ResourceNotFoundException()
    {
        await Expect.ResourceNotFoundAsync(() => GetAsync(new GetItemRequest { TableName = UniqueName("missing"), Key = Key("a") }));
    }

    public static TheoryData<string> BadKeys => ["missing pk", "extra attribute", "wrong type", "only sort key"];

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task A_key_that_does_not_match_the_schema_is_rejected(string shape)
    {
        var table = await CreateTableAsync("S", "N");
        var key = shape switch
        {
            "missing pk" => Item(("sk", N(1))),
            "extra attribute" => Item(("pk", S("a")), ("sk", N(1)), ("v", S("x"))),
            "wrong type" => Item(("pk", S("a")), ("sk", S("1"))),
            _ => Item(("pk", S("a"))),
        };
        await Expect.ValidationAsync(
            () => GetAsync(new GetItemRequest { TableName = table, Key = key }),
            "The provided key element does not match the schema");
    }

    [Fact]
    public async Task An_empty_string_key_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => GetAsync(new GetItemRequest { TableName = table, Key = Key("") }),
            "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk");
    }

    [Fact]
    public async Task A_key_over_the_size_limit_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => GetAsync(new GetItemRequest { TableName = table, Key = Key(Text(2049)) }),
            "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes");
    }

    [Fact]
    public async Task ConsistentRead_sees_the_latest_write()
    {
        var table = await CreateTableAsync();
        for (var i = 0; i < 5; i++)
        {
            await PutAsync(table, Item(("pk", S("a")), ("v", N(i))));
            var response = await GetAsync(new GetItemRequest { TableName = table, Key = Key("a"), ConsistentRead = true });
            Expect.Item(Item(("pk", S("a")), ("v", N(i))), response.Item);
        }
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0.5)]
    public async Task Reading_a_small_item_costs_one_unit_or_half_when_eventually_consistent(bool consistent, double units)
    {
        var table = await TableWithDocumentAsync();
        var response = await GetAsync(new GetItemRequest { TableName = table, Key = Key("doc"), ConsistentRead = consistent, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL });
        Expect.Capacity(units, table, response.ConsumedCapacity);
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0.5)]
    public async Task Reading_a_missing_item_still_costs_a_read(bool consistent, double units)
    {
        var table = await CreateTableAsync();
        var response = await GetAsync(new GetItemRequest { TableName = table, Key = Key("none"), ConsistentRead = consistent, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL });
        Expect.Capacity(units, table, response.ConsumedCapacity);
    }

    [Theory]
    [InlineData(4096, true, 1)]
    [InlineData(4097, true, 2)]
    [InlineData(4097, false, 1)]
    [InlineData(8192, false, 1)]
    [InlineData(8193, false, 1.5)]
    [InlineData(400 * 1024, true, 100)]
    [InlineData(400 * 1024, false, 50)]
    public async Task A_read_costs_one_unit_per_started_4_KB(int size, bool consistent, double units)
    {
        var table = await CreateTableAsync();
        await PutAsync(table, SizedItem("a", size));
        var response = await GetAsync(new GetItemRequest { TableName = table, Key = Key("a"), ConsistentRead = consistent, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL });
        Expect.Capacity(units, table, response.ConsumedCapacity);
    }

    [Fact]
    public async Task A_projection_does_not_reduce_the_read_cost()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, SizedItem("a", 5000));
        var response = await GetAsync(new GetItemRequest
        {
            TableName = table,
            Key = Key("a"),
            ProjectionExpression = "pk",
            ConsistentRead = true,
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        });
        Expect.Item(Key("a"), response.Item);
        Expect.Capacity(2, table, response.ConsumedCapacity);
    }

    [Fact]
    public async Task ReturnConsumedCapacity_INDEXES_reports_the_table_share()
    {
        var table = await TableWithDocumentAsync();
        var response = await GetAsync(new GetItemRequest { TableName = table, Key = Key("doc"), ConsistentRead = true, ReturnConsumedCapacity = ReturnConsumedCapacity.INDEXES });
        Expect.CapacityWithTable(1, table, response.ConsumedCapacity);
    }
}
