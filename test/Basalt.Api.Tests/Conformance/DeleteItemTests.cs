using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using static Basalt.Api.Tests.Conformance.Av;

namespace Basalt.Api.Tests.Conformance;

public sealed class DeleteItemTests(BasaltFixture fixture) : ConformanceTest(fixture)
{
    private Task<DeleteItemResponse> DeleteAsync(DeleteItemRequest request) => Ddb.DeleteItemAsync(request, Ct);

    [Fact]
    public async Task DeleteItem_removes_the_item()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Item(("pk", S("a")), ("v", N(1))));

        var response = await DeleteAsync(new DeleteItemRequest { TableName = table, Key = Key("a") });

        Assert.Null(response.Attributes);
        Assert.Null(await GetAsync(table, Key("a")));
    }

    [Fact]
    public async Task DeleteItem_of_a_missing_item_succeeds()
    {
        var table = await CreateTableAsync();
        var response = await DeleteAsync(new DeleteItemRequest { TableName = table, Key = Key("none"), ReturnValues = ReturnValue.ALL_OLD });
        Assert.True(response.Attributes is null or { Count: 0 });
    }

    [Fact]
    public async Task DeleteItem_removes_only_the_item_with_the_full_key()
    {
        var table = await CreateTableAsync("S", "N");
        await PutAsync(table, Item(("pk", S("a")), ("sk", N(1))));
        await PutAsync(table, Item(("pk", S("a")), ("sk", N(2))));

        await DeleteAsync(new DeleteItemRequest { TableName = table, Key = Key("a", N(1)) });

        Assert.Null(await GetAsync(table, Key("a", N(1))));
        Assert.NotNull(await GetAsync(table, Key("a", N(2))));
    }

    [Fact]
    public async Task ReturnValues_ALL_OLD_returns_the_deleted_item()
    {
        var table = await CreateTableAsync();
        var item = Item(("pk", S("a")), ("v", N(1)), ("l", L(S("x"), Null())));
        await PutAsync(table, item);

        var response = await DeleteAsync(new DeleteItemRequest { TableName = table, Key = Key("a"), ReturnValues = ReturnValue.ALL_OLD });

        Expect.Item(item, response.Attributes);
    }

    [Theory]
    [InlineData("UPDATED_OLD")]
    [InlineData("ALL_NEW")]
    [InlineData("UPDATED_NEW")]
    public async Task ReturnValues_other_than_NONE_and_ALL_OLD_are_rejected(string returnValues)
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => DeleteAsync(new DeleteItemRequest { TableName = table, Key = Key("a"), ReturnValues = ReturnValue.FindValue(returnValues) }),
            "ReturnValues can only be ALL_OLD or NONE");
    }

    [Fact]
    public async Task A_failing_ConditionExpression_keeps_the_item()
    {
        var table = await CreateTableAsync();
        var item = Item(("pk", S("a")), ("state", S("active")));
        await PutAsync(table, item);

        var ex = await Expect.ConditionFailedAsync(() => DeleteAsync(new DeleteItemRequest
        {
            TableName = table,
            Key = Key("a"),
            ConditionExpression = "#s = :done",
            ExpressionAttributeNames = new() { ["#s"] = "state" },
            ExpressionAttributeValues = new() { [":done"] = S("done") },
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        }));

        Expect.Item(item, ex.Item);
        Expect.Item(item, await GetAsync(table, Key("a")));
    }

    [Fact]
    public async Task A_passing_ConditionExpression_deletes_the_item()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Item(("pk", S("a")), ("state", S("done"))));

        await DeleteAsync(new DeleteItemRequest
        {
            TableName = table,
            Key = Key("a"),
            ConditionExpression = "#s = :done",
            ExpressionAttributeNames = new() { ["#s"] = "state" },
            ExpressionAttributeValues = new() { [":done"] = S("done") },
        });

        Assert.Null(await GetAsync(table, Key("a")));
    }

    [Fact]
    public async Task A_condition_requiring_existence_fails_for_a_missing_item()
    {
        var table = await CreateTableAsync();
        await Expect.ConditionFailedAsync(() => DeleteAsync(new DeleteItemRequest { TableName = table, Key = Key("none"), ConditionExpression = "attribute_exists(pk)" }));
    }

    [Fact]
    public async Task Expected_and_ConditionExpression_cannot_be_combined()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => DeleteAsync(new DeleteItemRequest
            {
                TableName = table,
                Key = Key("a"),
                Expected = new() { ["pk"] = new ExpectedAttributeValue { Exists = false } },
                ConditionExpression = "attribute_not_exists(pk)",
            }),
            "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}");
    }

    [Fact]
    public async Task A_key_without_the_sort_key_is_rejected()
    {
        var table = await CreateTableAsync("S", "S");
        await Expect.ValidationAsync(() => DeleteAsync(new DeleteItemRequest { TableName = table, Key = Key("a") }), "The provided key element does not match the schema");
    }

    [Fact]
    public async Task An_empty_binary_key_is_rejected()
    {
        var table = await CreateTableAsync("B");
        await Expect.ValidationAsync(
            () => DeleteAsync(new DeleteItemRequest { TableName = table, Key = Item(("pk", B())) }),
            "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: pk");
    }

    [Fact]
    public async Task DeleteItem_on_a_missing_table_fails_with_ResourceNotFoundException()
    {
        await Expect.ResourceNotFoundAsync(() => DeleteAsync(new DeleteItemRequest { TableName = UniqueName("missing"), Key = Key("a") }));
    }

    [Fact]
    public async Task Deleting_a_small_item_costs_one_write_unit()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, SizedItem("a", 500));
        var response = await DeleteAsync(new DeleteItemRequest { TableName = table, Key = Key("a"), ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL });
        Expect.Capacity(1, table, response.ConsumedCapacity);
    }

    [Fact]
    public async Task Deleting_a_missing_item_costs_one_write_unit()
    {
        var table = await CreateTableAsync();
        var response = await DeleteAsync(new DeleteItemRequest { TableName = table, Key = Key("none"), ReturnConsumedCapacity = ReturnConsumedCapacity.INDEXES });
        Expect.CapacityWithTable(1, table, response.ConsumedCapacity);
    }

    [Fact]
    public async Task Deleting_a_large_item_costs_its_size_in_KB()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, SizedItem("a", (2 * 1024) + 1));
        var response = await DeleteAsync(new DeleteItemRequest { TableName = table, Key = Key("a"), ReturnValues = ReturnValue.ALL_OLD, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL });
        Expect.Capacity(3, table, response.ConsumedCapacity);
    }
}
