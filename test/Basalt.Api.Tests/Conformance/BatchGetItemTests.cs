using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using static Basalt.Api.Tests.Conformance.Av;

namespace Basalt.Api.Tests.Conformance;

public sealed class BatchGetItemTests(BasaltFixture fixture) : ConformanceTest(fixture)
{
    private Task<BatchGetItemResponse> BatchGetAsync(Dictionary<string, KeysAndAttributes> requestItems, ReturnConsumedCapacity? capacity = null) =>
        Ddb.BatchGetItemAsync(new BatchGetItemRequest { RequestItems = requestItems, ReturnConsumedCapacity = capacity }, Ct);

    private static Dictionary<string, AttributeValue> Row(string pk) => Item(("pk", S(pk)), ("v", S("value-" + pk)), ("n", N(pk.Length)));

    private async Task<string> TableWithAsync(params string[] keys)
    {
        var table = await CreateTableAsync();
        foreach (var key in keys)
        {
            await PutAsync(table, Row(key));
        }

        return table;
    }

    [Fact]
    public async Task BatchGetItem_returns_the_requested_items_of_several_tables()
    {
        var first = await TableWithAsync("a", "b", "c");
        var second = await CreateTableAsync("S", "N");
        await PutAsync(second, Item(("pk", S("x")), ("sk", N(1)), ("w", Bool(true))));

        var response = await BatchGetAsync(new()
        {
            [first] = new KeysAndAttributes { Keys = [Key("a"), Key("c")] },
            [second] = new KeysAndAttributes { Keys = [Key("x", N(1))] },
        });

        Expect.ItemSet([Row("a"), Row("c")], response.Responses[first]);
        Expect.ItemSet([Item(("pk", S("x")), ("sk", N(1)), ("w", Bool(true)))], response.Responses[second]);
        Assert.True(response.UnprocessedKeys is null or { Count: 0 });
        Assert.Null(response.ConsumedCapacity);
    }

    [Fact]
    public async Task Missing_items_are_simply_absent()
    {
        var table = await TableWithAsync("a");

        var response = await BatchGetAsync(new() { [table] = new KeysAndAttributes { Keys = [Key("a"), Key("missing")] } });

        Expect.ItemSet([Row("a")], response.Responses[table]);
    }

    [Fact]
    public async Task A_table_without_any_found_item_has_an_empty_response_list()
    {
        var table = await TableWithAsync("a");

        var response = await BatchGetAsync(new() { [table] = new KeysAndAttributes { Keys = [Key("missing")] } });

        Assert.True(response.Responses.TryGetValue(table, out var items));
        Assert.Empty(items);
    }

    [Fact]
    public async Task One_hundred_keys_are_accepted()
    {
        var keys = Enumerable.Range(0, 100).Select(i => $"k{i}").ToArray();
        var table = await TableWithAsync(keys);

        var response = await BatchGetAsync(new() { [table] = new KeysAndAttributes { Keys = [.. keys.Select(Key)] } });

        Assert.Equal(100, response.Responses[table].Count);
        Assert.True(response.UnprocessedKeys is null or { Count: 0 });
    }

    [Fact]
    public async Task A_response_over_16_MB_returns_the_rest_as_UnprocessedKeys()
    {
        var table = await CreateTableAsync();
        var keys = Enumerable.Range(0, 45).Select(i => $"big{i:D2}").ToList();
        var writes = keys.Select(k => PutAsync(table, SizedItem(k, 400 * 1024)));
        await Task.WhenAll(writes);

        var first = await BatchGetAsync(new() { [table] = new KeysAndAttributes { Keys = [.. keys.Select(Key)] } });

        var returned = first.Responses[table];
        Assert.InRange(returned.Count, 1, 40);
        Assert.NotNull(first.UnprocessedKeys);
        var unprocessed = first.UnprocessedKeys[table].Keys;
        Assert.Equal(keys.Count, returned.Count + unprocessed.Count);
        Assert.Equal(keys, returned.Concat(unprocessed).Select(i => i["pk"].S).Order(StringComparer.Ordinal));

        var all = returned.Select(i => i["pk"].S).ToList();
        var pending = first.UnprocessedKeys;
        for (var round = 0; pending is { Count: > 0 } && round < 10; round++)
        {
            var next = await BatchGetAsync(pending);
            all.AddRange(next.Responses[table].Select(i => i["pk"].S));
            pending = next.UnprocessedKeys;
        }

        Assert.Equal(keys, all.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task More_than_100_keys_are_rejected()
    {
        var table = await CreateTableAsync();
        var keys = Enumerable.Range(0, 101).Select(i => Key($"k{i}")).ToList();

        await Expect.ValidationOneOfAsync(
            () => BatchGetAsync(new() { [table] = new KeysAndAttributes { Keys = keys } }),
            "Too many items requested for the BatchGetItem call",
            $"Value at 'RequestItems.{table}.member.Keys' failed to satisfy constraint: Member must have length less than or equal to 100");
    }

    [Fact]
    public async Task More_than_100_keys_across_tables_are_rejected()
    {
        var first = await CreateTableAsync();
        var second = await CreateTableAsync();

        var ex = await Expect.ErrorAsync(
            () => BatchGetAsync(new()
            {
                [first] = new KeysAndAttributes { Keys = [.. Enumerable.Range(0, 60).Select(i => Key($"k{i}"))] },
                [second] = new KeysAndAttributes { Keys = [.. Enumerable.Range(0, 60).Select(i => Key($"k{i}"))] },
            }),
            "ValidationException");
        Assert.Equal("Too many items requested for the BatchGetItem call", ex.Message);
    }

    [Fact]
    public async Task Duplicate_keys_are_rejected()
    {
        var table = await TableWithAsync("a");
        await Expect.ValidationAsync(
            () => BatchGetAsync(new() { [table] = new KeysAndAttributes { Keys = [Key("a"), Key("b"), Key("a")] } }),
            "Provided list of item keys contains duplicates");
    }

    [Fact]
    public async Task Numerically_equal_number_keys_are_duplicates()
    {
        var table = await CreateTableAsync("N");
        await Expect.ValidationAsync(
            () => BatchGetAsync(new() { [table] = new KeysAndAttributes { Keys = [Item(("pk", N("1"))), Item(("pk", N("1.0")))] } }),
            "Provided list of item keys contains duplicates");
    }

    [Fact]
    public async Task ProjectionExpression_applies_per_table()
    {
        var table = await TableWithAsync("a", "b");

        var response = await BatchGetAsync(new()
        {
            [table] = new KeysAndAttributes
            {
                Keys = [Key("a"), Key("b")],
                ProjectionExpression = "#v",
                ExpressionAttributeNames = new() { ["#v"] = "v" },
            },
        });

        Expect.ItemSet([Item(("v", S("value-a"))), Item(("v", S("value-b")))], response.Responses[table]);
    }

    [Fact]
    public async Task AttributesToGet_applies_per_table()
    {
        var table = await TableWithAsync("a");

        var response = await BatchGetAsync(new() { [table] = new KeysAndAttributes { Keys = [Key("a")], AttributesToGet = ["pk", "n"] } });

        Expect.ItemSet([Item(("pk", S("a")), ("n", N(1)))], response.Responses[table]);
    }

    [Fact]
    public async Task AttributesToGet_and_ProjectionExpression_cannot_be_combined()
    {
        var table = await TableWithAsync("a");
        await Expect.ValidationAsync(
            () => BatchGetAsync(new() { [table] = new KeysAndAttributes { Keys = [Key("a")], AttributesToGet = ["pk"], ProjectionExpression = "pk" } }),
            "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}");
    }

    [Fact]
    public async Task A_key_that_does_not_match_the_schema_is_rejected()
    {
        var table = await TableWithAsync("a");
        await Expect.ValidationAsync(
            () => BatchGetAsync(new() { [table] = new KeysAndAttributes { Keys = [Item(("pk", N(1)))] } }),
            "The provided key element does not match the schema");
    }

    [Fact]
    public async Task A_missing_table_fails_the_whole_request()
    {
        var table = await TableWithAsync("a");
        await Expect.ResourceNotFoundAsync(() => BatchGetAsync(new()
        {
            [table] = new KeysAndAttributes { Keys = [Key("a")] },
            [UniqueName("missing")] = new KeysAndAttributes { Keys = [Key("a")] },
        }));
    }

    [Fact]
    public async Task Empty_RequestItems_are_rejected()
    {
        await Expect.ValidationOneOfAsync(
            () => BatchGetAsync([]),
            "The requestItems parameter is required for BatchGetItem",
            "Value at 'RequestItems' failed to satisfy constraint: Member must have length greater than or equal to 1");
    }

    [Fact]
    public async Task An_empty_Keys_list_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ErrorAsync(() => BatchGetAsync(new() { [table] = new KeysAndAttributes { Keys = [] } }), "ValidationException");
    }

    [Theory]
    [InlineData(true, 3)]
    [InlineData(false, 1.5)]
    public async Task Capacity_is_reported_per_table_with_each_item_rounded_up_separately(bool consistent, double units)
    {
        var table = await CreateTableAsync();
        foreach (var key in new[] { "a", "b", "c" })
        {
            await PutAsync(table, SizedItem(key, 100));
        }

        var response = await BatchGetAsync(
            new() { [table] = new KeysAndAttributes { Keys = [Key("a"), Key("b"), Key("c")], ConsistentRead = consistent } },
            ReturnConsumedCapacity.TOTAL);

        Expect.Capacity(units, table, Assert.Single(response.ConsumedCapacity));
    }

    [Fact]
    public async Task Capacity_counts_large_items_by_their_size_and_missing_items_as_one_read()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, SizedItem("big", 9000));

        var response = await BatchGetAsync(
            new() { [table] = new KeysAndAttributes { Keys = [Key("big"), Key("missing")], ConsistentRead = true } },
            ReturnConsumedCapacity.INDEXES);

        Expect.CapacityWithTable(4, table, Assert.Single(response.ConsumedCapacity));
    }

    [Fact]
    public async Task Capacity_is_reported_for_every_table_with_its_own_consistency()
    {
        var strong = await TableWithAsync("a", "b", "c", "d", "e");
        var eventual = await TableWithAsync("x", "y", "z");

        var response = await BatchGetAsync(
            new()
            {
                [strong] = new KeysAndAttributes { Keys = [Key("a"), Key("b"), Key("c"), Key("d"), Key("e")], ConsistentRead = true },
                [eventual] = new KeysAndAttributes { Keys = [Key("x"), Key("y"), Key("z")] },
            },
            ReturnConsumedCapacity.TOTAL);

        Assert.Equal(2, response.ConsumedCapacity.Count);
        Expect.Capacity(5, strong, response.ConsumedCapacity.Single(c => c.TableName == strong));
        Expect.Capacity(1.5, eventual, response.ConsumedCapacity.Single(c => c.TableName == eventual));
    }
}
