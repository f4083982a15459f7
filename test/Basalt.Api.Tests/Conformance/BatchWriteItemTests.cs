using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using static Basalt.Api.Tests.Conformance.Av;

namespace Basalt.Api.Tests.Conformance;

public sealed class BatchWriteItemTests(BasaltFixture fixture) : ConformanceTest(fixture)
{
    private Task<BatchWriteItemResponse> BatchWriteAsync(Dictionary<string, List<WriteRequest>> requestItems, ReturnConsumedCapacity? capacity = null) =>
        Ddb.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = requestItems, ReturnConsumedCapacity = capacity }, Ct);

    private static WriteRequest Put(Dictionary<string, AttributeValue> item) => new() { PutRequest = new PutRequest { Item = item } };

    private static WriteRequest Delete(Dictionary<string, AttributeValue> key) => new() { DeleteRequest = new DeleteRequest { Key = key } };

    [Fact]
    public async Task BatchWriteItem_puts_every_item()
    {
        var table = await CreateTableAsync();
        var items = Enumerable.Range(0, 10).Select(i => Item(("pk", S($"k{i}")), ("v", N(i)))).ToList();

        var response = await BatchWriteAsync(new() { [table] = [.. items.Select(Put)] });

        Assert.True(response.UnprocessedItems is null or { Count: 0 });
        Assert.Null(response.ConsumedCapacity);
        Expect.ItemSet(items, await ScanAllAsync(table));
    }

    [Fact]
    public async Task BatchWriteItem_deletes_and_puts_in_one_request()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Key("old1"));
        await PutAsync(table, Key("old2"));
        await PutAsync(table, Key("kept"));

        await BatchWriteAsync(new() { [table] = [Delete(Key("old1")), Put(Item(("pk", S("new")), ("v", S("x")))), Delete(Key("old2")), Delete(Key("never-existed"))] });

        Expect.ItemSet([Key("kept"), Item(("pk", S("new")), ("v", S("x")))], await ScanAllAsync(table));
    }

    [Fact]
    public async Task BatchWriteItem_replaces_existing_items()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Item(("pk", S("a")), ("old", S("x"))));

        await BatchWriteAsync(new() { [table] = [Put(Item(("pk", S("a")), ("new", S("y"))))] });

        Expect.Item(Item(("pk", S("a")), ("new", S("y"))), await GetAsync(table, Key("a")));
    }

    [Fact]
    public async Task BatchWriteItem_writes_to_several_tables()
    {
        var first = await CreateTableAsync();
        var second = await CreateTableAsync("S", "S");

        await BatchWriteAsync(new()
        {
            [first] = [Put(Key("a"))],
            [second] = [Put(Item(("pk", S("a")), ("sk", S("1")))), Put(Item(("pk", S("a")), ("sk", S("2"))))],
        });

        Assert.Single(await ScanAllAsync(first));
        Assert.Equal(2, (await ScanAllAsync(second)).Count);
    }

    [Fact]
    public async Task Twenty_five_requests_are_accepted()
    {
        var table = await CreateTableAsync();
        await BatchWriteAsync(new() { [table] = [.. Enumerable.Range(0, 25).Select(i => Put(Key($"k{i}")))] });
        Assert.Equal(25, (await ScanAllAsync(table)).Count);
    }

    [Fact]
    public async Task More_than_25_requests_are_rejected()
    {
        var table = await CreateTableAsync();
        var ex = await Expect.ErrorAsync(
            () => BatchWriteAsync(new() { [table] = [.. Enumerable.Range(0, 26).Select(i => Put(Key($"k{i}")))] }),
            "ValidationException");
        Assert.StartsWith(Expect.Envelope, ex.Message, StringComparison.Ordinal);
        Assert.Contains("Member must have length less than or equal to 25", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await ScanAllAsync(table));
    }

    [Fact]
    public async Task More_than_25_requests_across_tables_are_rejected()
    {
        var first = await CreateTableAsync();
        var second = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => BatchWriteAsync(new()
            {
                [first] = [.. Enumerable.Range(0, 13).Select(i => Put(Key($"k{i}")))],
                [second] = [.. Enumerable.Range(0, 13).Select(i => Put(Key($"k{i}")))],
            }),
            "Too many items requested for the BatchWriteItem call");
    }

    [Fact]
    public async Task Two_puts_of_the_same_key_are_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => BatchWriteAsync(new() { [table] = [Put(Item(("pk", S("a")), ("v", N(1)))), Put(Item(("pk", S("a")), ("v", N(2))))] }),
            "Provided list of item keys contains duplicates");
        Assert.Null(await GetAsync(table, Key("a")));
    }

    [Fact]
    public async Task A_put_and_a_delete_of_the_same_key_are_rejected()
    {
        var table = await CreateTableAsync("S", "N");
        await Expect.ValidationAsync(
            () => BatchWriteAsync(new() { [table] = [Put(Item(("pk", S("a")), ("sk", N(1)))), Delete(Item(("pk", S("a")), ("sk", N("1.0"))))] }),
            "Provided list of item keys contains duplicates");
    }

    [Fact]
    public async Task An_empty_request_list_for_a_table_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => BatchWriteAsync(new() { [table] = [] }),
            $"Value '{{{table}=[]}}' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]");
    }

    [Fact]
    public async Task Empty_RequestItems_are_rejected()
    {
        await Expect.ValidationOneOfAsync(
            () => BatchWriteAsync([]),
            "The requestItems parameter is required for BatchWriteItem",
            "Value at 'RequestItems' failed to satisfy constraint: Member must have length greater than or equal to 1");
    }

    [Fact]
    public async Task A_missing_table_fails_the_whole_request()
    {
        var table = await CreateTableAsync();
        await Expect.ResourceNotFoundAsync(() => BatchWriteAsync(new()
        {
            [table] = [Put(Key("a"))],
            [UniqueName("missing")] = [Put(Key("a"))],
        }));
        Assert.Null(await GetAsync(table, Key("a")));
    }

    [Theory]
    [InlineData("wrong-type")]
    [InlineData("missing-key")]
    [InlineData("delete-wrong-key")]
    public async Task An_item_or_key_that_does_not_match_the_schema_is_rejected(string shape)
    {
        var table = await CreateTableAsync();
        var request = shape switch
        {
            "wrong-type" => Put(Item(("pk", N(5)))),
            "missing-key" => Put(Item(("other", S("x")))),
            _ => Delete(Item(("other", S("x")))),
        };
        await Expect.ValidationAsync(() => BatchWriteAsync(new() { [table] = [Put(Key("ok")), request] }), "The provided key element does not match the schema");
        Assert.Null(await GetAsync(table, Key("ok")));
    }

    [Fact]
    public async Task An_empty_string_key_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => BatchWriteAsync(new() { [table] = [Put(Item(("pk", S(""))))] }),
            "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk");
    }

    [Fact]
    public async Task An_item_over_400_KB_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => BatchWriteAsync(new() { [table] = [Put(SizedItem("big", (400 * 1024) + 1))] }),
            "Item size has exceeded the maximum allowed size");
    }

    [Fact]
    public async Task Capacity_is_reported_per_table_with_each_item_rounded_up_separately()
    {
        var first = await CreateTableAsync();
        var second = await CreateTableAsync();
        await PutAsync(second, Key("gone"));

        var response = await BatchWriteAsync(
            new()
            {
                [first] = [Put(SizedItem("a", 10)), Put(SizedItem("b", 10)), Put(SizedItem("c", 10)), Put(SizedItem("d", 1500))],
                [second] = [Put(Key("new")), Delete(Key("gone"))],
            },
            ReturnConsumedCapacity.TOTAL);

        Assert.Equal(2, response.ConsumedCapacity.Count);
        Expect.Capacity(5, first, response.ConsumedCapacity.Single(c => c.TableName == first));
        Expect.Capacity(2, second, response.ConsumedCapacity.Single(c => c.TableName == second));
    }

    [Fact]
    public async Task ReturnItemCollectionMetrics_SIZE_returns_nothing_without_local_indexes()
    {
        var table = await CreateTableAsync();
        var response = await Ddb.BatchWriteItemAsync(new BatchWriteItemRequest
        {
            RequestItems = new() { [table] = [Put(Key("a"))] },
            ReturnItemCollectionMetrics = ReturnItemCollectionMetrics.SIZE,
        }, Ct);
        Assert.True(response.ItemCollectionMetrics is null or { Count: 0 });
    }
}
