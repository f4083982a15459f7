using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using static Basalt.Api.Tests.Conformance.Av;

namespace Basalt.Api.Tests.Conformance;

public sealed class QueryTests(BasaltFixture fixture) : ConformanceTest(fixture)
{
    private static Dictionary<string, AttributeValue> Numbered(int i) =>
        Item(("pk", S("p")), ("sk", N(i)), ("v", S($"item{i}")), ("odd", Bool(i % 2 == 1)));

    /// <summary>A table (pk S, sk N) holding items sk = 1..count in partition "p", and one item in partition "other".</summary>
    private async Task<string> NumberedTableAsync(int count = 10)
    {
        var table = await CreateTableAsync("S", "N");
        for (var i = 1; i <= count; i++)
        {
            await PutAsync(table, Numbered(i));
        }

        await PutAsync(table, Item(("pk", S("other")), ("sk", N(1))));
        return table;
    }

    private static QueryRequest InPartition(string table, string partition = "p") => new()
    {
        TableName = table,
        KeyConditionExpression = "pk = :p",
        ExpressionAttributeValues = new() { [":p"] = S(partition) },
    };

    private Task<QueryResponse> QueryAsync(QueryRequest request) => Ddb.QueryAsync(request, Ct);

    private async Task<(List<Dictionary<string, AttributeValue>> Items, int Pages)> QueryAllAsync(QueryRequest request)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        var pages = 0;
        do
        {
            var page = await QueryAsync(request);
            pages++;
            Assert.Equal(page.Count, page.Items?.Count ?? 0);
            items.AddRange(page.Items ?? []);
            request.ExclusiveStartKey = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
            Assert.True(pages < 1000);
        }
        while (request.ExclusiveStartKey is not null);
        return (items, pages);
    }

    private static List<string> SortKeys(IEnumerable<Dictionary<string, AttributeValue>>? items) =>
        [.. (items ?? []).Select(i => i["sk"].N ?? i["sk"].S ?? Convert.ToHexString(i["sk"].B.ToArray()))];

    private static List<string> Range(int from, int to) => [.. Enumerable.Range(from, to - from + 1).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    [Fact]
    public async Task Query_returns_the_partition_in_ascending_sort_key_order()
    {
        var table = await NumberedTableAsync();

        var response = await QueryAsync(InPartition(table));

        Expect.Items(Enumerable.Range(1, 10).Select(Numbered), response.Items);
        Assert.Equal(10, response.Count);
        Assert.Equal(10, response.ScannedCount);
        Assert.True(response.LastEvaluatedKey is null or { Count: 0 });
    }

    [Fact]
    public async Task ScanIndexForward_false_returns_descending_order()
    {
        var table = await NumberedTableAsync();
        var request = InPartition(table);
        request.ScanIndexForward = false;

        var response = await QueryAsync(request);

        Assert.Equal(Range(1, 10).AsEnumerable().Reverse(), SortKeys(response.Items));
    }

    public static TheoryData<string, int, int, int, int> SortKeyConditions => new()
    {
        { "sk = :a", 3, 0, 3, 3 },
        { "sk < :a", 4, 0, 1, 3 },
        { "sk <= :a", 4, 0, 1, 4 },
        { "sk > :a", 7, 0, 8, 10 },
        { "sk >= :a", 7, 0, 7, 10 },
        { "sk BETWEEN :a AND :b", 3, 5, 3, 5 },
        { "sk BETWEEN :a AND :b", 5, 5, 5, 5 },
        { "sk > :a", 10, 0, 1, 0 },
    };

    [Theory]
    [MemberData(nameof(SortKeyConditions))]
    public async Task Sort_key_conditions_select_a_range(string condition, int a, int b, int from, int to)
    {
        var table = await NumberedTableAsync();
        var request = InPartition(table);
        request.KeyConditionExpression = "pk = :p AND " + condition;
        request.ExpressionAttributeValues[":a"] = N(a);
        if (condition.Contains(":b", StringComparison.Ordinal))
        {
            request.ExpressionAttributeValues[":b"] = N(b);
        }

        var response = await QueryAsync(request);

        Assert.Equal(from <= to ? Range(from, to) : [], SortKeys(response.Items));
    }

    [Fact]
    public async Task Key_conditions_may_name_keys_through_attribute_names_and_put_the_sort_key_first()
    {
        var table = await NumberedTableAsync();

        var response = await QueryAsync(new QueryRequest
        {
            TableName = table,
            KeyConditionExpression = "#s BETWEEN :a AND :b AND #p = :p",
            ExpressionAttributeNames = new() { ["#p"] = "pk", ["#s"] = "sk" },
            ExpressionAttributeValues = new() { [":p"] = S("p"), [":a"] = N(2), [":b"] = N(3) },
        });

        Assert.Equal(["2", "3"], SortKeys(response.Items));
    }

    [Fact]
    public async Task String_sort_keys_order_by_UTF8_bytes_and_support_begins_with()
    {
        var table = await CreateTableAsync("S", "S");
        foreach (var sk in new[] { "b", "ab", "é", "B", "abc", "z", "a" })
        {
            await PutAsync(table, Item(("pk", S("p")), ("sk", S(sk))));
        }

        var all = await QueryAsync(InPartition(table));
        var prefixed = InPartition(table);
        prefixed.KeyConditionExpression = "pk = :p AND begins_with(sk, :prefix)";
        prefixed.ExpressionAttributeValues[":prefix"] = S("ab");

        Assert.Equal(["B", "a", "ab", "abc", "b", "z", "é"], SortKeys(all.Items));
        Assert.Equal(["ab", "abc"], SortKeys((await QueryAsync(prefixed)).Items));
    }

    [Fact]
    public async Task Number_sort_keys_order_numerically()
    {
        var table = await CreateTableAsync("S", "N");
        foreach (var sk in new[] { "10", "-1.5", "2", "100", "0", "-10", "2.25" })
        {
            await PutAsync(table, Item(("pk", S("p")), ("sk", N(sk))));
        }

        var response = await QueryAsync(InPartition(table));

        Assert.Equal(["-10", "-1.5", "0", "2", "2.25", "10", "100"], SortKeys(response.Items));
    }

    [Fact]
    public async Task Binary_sort_keys_order_as_unsigned_bytes()
    {
        var table = await CreateTableAsync("S", "B");
        foreach (var sk in new byte[][] { [0xff], [0x80], [0x00, 0x00], [0x7f], [0x00], [0x01] })
        {
            await PutAsync(table, Item(("pk", S("p")), ("sk", B(sk))));
        }

        var response = await QueryAsync(InPartition(table));

        Assert.Equal(["00", "0000", "01", "7F", "80", "FF"], SortKeys(response.Items));
    }

    [Fact]
    public async Task Limit_stops_after_that_many_items_and_returns_the_last_key()
    {
        var table = await NumberedTableAsync();
        var request = InPartition(table);
        request.Limit = 3;

        var response = await QueryAsync(request);

        Assert.Equal(["1", "2", "3"], SortKeys(response.Items));
        Assert.Equal(3, response.ScannedCount);
        Expect.Item(Item(("pk", S("p")), ("sk", N(3))), response.LastEvaluatedKey);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(3, true)]
    [InlineData(4, false)]
    [InlineData(9, false)]
    [InlineData(100, true)]
    public async Task Paging_with_LastEvaluatedKey_reassembles_the_partition_exactly(int limit, bool forward)
    {
        var table = await NumberedTableAsync();
        var request = InPartition(table);
        request.Limit = limit;
        request.ScanIndexForward = forward;

        var (items, pages) = await QueryAllAsync(request);

        var expected = forward ? Range(1, 10) : [.. Range(1, 10).AsEnumerable().Reverse()];
        Assert.Equal(expected, SortKeys(items));
        Assert.True(pages >= (10 + limit - 1) / limit);
    }

    [Fact]
    public async Task ExclusiveStartKey_continues_after_the_given_key()
    {
        var table = await NumberedTableAsync();
        var request = InPartition(table);
        request.ExclusiveStartKey = Item(("pk", S("p")), ("sk", N(5)));

        Assert.Equal(Range(6, 10), SortKeys((await QueryAsync(request)).Items));
    }

    [Fact]
    public async Task ExclusiveStartKey_need_not_be_an_existing_item()
    {
        var table = await NumberedTableAsync();
        var request = InPartition(table);
        request.ExclusiveStartKey = Item(("pk", S("p")), ("sk", N("4.5")));
        request.ScanIndexForward = false;

        Assert.Equal(["4", "3", "2", "1"], SortKeys((await QueryAsync(request)).Items));
    }

    [Fact]
    public async Task FilterExpression_reduces_Count_but_not_ScannedCount()
    {
        var table = await NumberedTableAsync();
        var request = InPartition(table);
        request.FilterExpression = "odd = :t";
        request.ExpressionAttributeValues[":t"] = Bool(true);

        var response = await QueryAsync(request);

        Assert.Equal(["1", "3", "5", "7", "9"], SortKeys(response.Items));
        Assert.Equal(5, response.Count);
        Assert.Equal(10, response.ScannedCount);
    }

    [Fact]
    public async Task Limit_counts_items_before_the_filter()
    {
        var table = await NumberedTableAsync();
        var request = InPartition(table);
        request.FilterExpression = "odd = :t";
        request.ExpressionAttributeValues[":t"] = Bool(true);
        request.Limit = 4;

        var response = await QueryAsync(request);

        Assert.Equal(["1", "3"], SortKeys(response.Items));
        Assert.Equal(2, response.Count);
        Assert.Equal(4, response.ScannedCount);
        Expect.Item(Item(("pk", S("p")), ("sk", N(4))), response.LastEvaluatedKey);
    }

    [Fact]
    public async Task QueryFilter_filters_like_a_FilterExpression()
    {
        var table = await NumberedTableAsync();

        var response = await QueryAsync(new QueryRequest
        {
            TableName = table,
            KeyConditions = new() { ["pk"] = new Condition { ComparisonOperator = ComparisonOperator.EQ, AttributeValueList = [S("p")] } },
            QueryFilter = new() { ["odd"] = new Condition { ComparisonOperator = ComparisonOperator.EQ, AttributeValueList = [Bool(false)] } },
        });

        Assert.Equal(["2", "4", "6", "8", "10"], SortKeys(response.Items));
        Assert.Equal(10, response.ScannedCount);
    }

    [Fact]
    public async Task KeyConditions_select_a_range_like_a_KeyConditionExpression()
    {
        var table = await NumberedTableAsync();

        var response = await QueryAsync(new QueryRequest
        {
            TableName = table,
            KeyConditions = new()
            {
                ["pk"] = new Condition { ComparisonOperator = ComparisonOperator.EQ, AttributeValueList = [S("p")] },
                ["sk"] = new Condition { ComparisonOperator = ComparisonOperator.BETWEEN, AttributeValueList = [N(4), N(6)] },
            },
            ScanIndexForward = false,
        });

        Assert.Equal(["6", "5", "4"], SortKeys(response.Items));
    }

    [Fact]
    public async Task A_FilterExpression_on_a_key_attribute_is_rejected()
    {
        var table = await NumberedTableAsync();
        var request = InPartition(table);
        request.FilterExpression = "sk > :a";
        request.ExpressionAttributeValues[":a"] = N(1);

        await Expect.ValidationAsync(() => QueryAsync(request), "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk");
    }

    [Fact]
    public async Task Select_COUNT_returns_counts_without_items()
    {
        var table = await NumberedTableAsync();
        var request = InPartition(table);
        request.Select = Select.COUNT;
        request.FilterExpression = "odd = :t";
        request.ExpressionAttributeValues[":t"] = Bool(true);

        var response = await QueryAsync(request);

        Assert.Null(response.Items);
        Assert.Equal(5, response.Count);
        Assert.Equal(10, response.ScannedCount);
    }

    [Fact]
    public async Task Select_SPECIFIC_ATTRIBUTES_with_a_projection_returns_those_attributes()
    {
        var table = await NumberedTableAsync(3);
        var request = InPartition(table);
        request.Select = Select.SPECIFIC_ATTRIBUTES;
        request.ProjectionExpression = "v, sk";

        var response = await QueryAsync(request);

        Expect.Items(Enumerable.Range(1, 3).Select(i => Item(("sk", N(i)), ("v", S($"item{i}")))), response.Items);
    }

    [Fact]
    public async Task A_ProjectionExpression_alone_returns_only_the_projected_attributes()
    {
        var table = await NumberedTableAsync(2);
        var request = InPartition(table);
        request.ProjectionExpression = "odd";

        var response = await QueryAsync(request);

        Expect.Items([Item(("odd", Bool(true))), Item(("odd", Bool(false)))], response.Items);
    }

    [Fact]
    public async Task Select_SPECIFIC_ATTRIBUTES_without_a_projection_is_rejected()
    {
        var table = await NumberedTableAsync(1);
        var request = InPartition(table);
        request.Select = Select.SPECIFIC_ATTRIBUTES;
        await Expect.ValidationAsync(() => QueryAsync(request), "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES");
    }

    [Fact]
    public async Task Select_ALL_ATTRIBUTES_with_a_projection_is_rejected()
    {
        var table = await NumberedTableAsync(1);
        var request = InPartition(table);
        request.Select = Select.ALL_ATTRIBUTES;
        request.ProjectionExpression = "v";
        await Expect.ValidationAsync(() => QueryAsync(request), "Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES");
    }

    [Fact]
    public async Task Select_COUNT_with_a_projection_is_rejected()
    {
        var table = await NumberedTableAsync(1);
        var request = InPartition(table);
        request.Select = Select.COUNT;
        request.ProjectionExpression = "v";
        await Expect.ValidationAsync(() => QueryAsync(request), "Cannot specify the ProjectionExpression when choosing to get only the Count");
    }

    [Fact]
    public async Task Select_ALL_PROJECTED_ATTRIBUTES_without_an_index_is_rejected()
    {
        var table = await NumberedTableAsync(1);
        var request = InPartition(table);
        request.Select = Select.ALL_PROJECTED_ATTRIBUTES;
        await Expect.ValidationAsync(() => QueryAsync(request), "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
    }

    [Fact]
    public async Task An_unknown_Select_is_rejected()
    {
        var table = await NumberedTableAsync(1);
        var request = InPartition(table);
        request.Select = Select.FindValue("SOME");
        await Expect.ValidationContainingAsync(() => QueryAsync(request), "Value 'SOME' at 'select' failed to satisfy constraint: Member must satisfy enum value set:");
    }

    [Fact]
    public async Task A_Query_without_key_conditions_is_rejected()
    {
        var table = await NumberedTableAsync(1);
        await Expect.ValidationAsync(
            () => QueryAsync(new QueryRequest { TableName = table }),
            "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
    }

    [Theory]
    [InlineData("sk = :v")]
    [InlineData("v = :s")]
    public async Task A_key_condition_without_the_partition_key_is_rejected(string condition)
    {
        var table = await NumberedTableAsync(1);
        var values = new Dictionary<string, AttributeValue>();
        if (condition.Contains(":v", StringComparison.Ordinal))
        {
            values[":v"] = N(1);
        }
        else
        {
            values[":s"] = S("x");
        }

        await Expect.ValidationAsync(
            () => QueryAsync(new QueryRequest { TableName = table, KeyConditionExpression = condition, ExpressionAttributeValues = values }),
            "Query condition missed key schema element: pk");
    }

    [Fact]
    public async Task A_range_condition_on_the_partition_key_is_rejected()
    {
        var table = await NumberedTableAsync(1);
        var request = InPartition(table);
        request.KeyConditionExpression = "pk > :p";
        await Expect.ValidationAsync(() => QueryAsync(request), "Query key condition not supported");
    }

    [Fact]
    public async Task OR_in_a_key_condition_is_rejected()
    {
        var table = await NumberedTableAsync(1);
        var request = InPartition(table);
        request.KeyConditionExpression = "pk = :p OR sk = :s";
        request.ExpressionAttributeValues[":s"] = N(1);
        await Expect.ValidationAsync(() => QueryAsync(request), "Invalid operator used in KeyConditionExpression: OR");
    }

    [Fact]
    public async Task begins_with_on_a_number_sort_key_is_rejected()
    {
        var table = await NumberedTableAsync(1);
        var request = InPartition(table);
        request.KeyConditionExpression = "pk = :p AND begins_with(sk, :n)";
        request.ExpressionAttributeValues[":n"] = N(1);
        await Expect.ValidationAsync(
            () => QueryAsync(request),
            "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N");
    }

    [Fact]
    public async Task A_key_value_of_the_wrong_type_is_rejected()
    {
        var table = await NumberedTableAsync(1);
        await Expect.ValidationAsync(
            () => QueryAsync(new QueryRequest { TableName = table, KeyConditionExpression = "pk = :p", ExpressionAttributeValues = new() { [":p"] = N(1) } }),
            "One or more parameter values were invalid: Condition parameter type does not match schema type");
    }

    [Fact]
    public async Task KeyConditions_and_KeyConditionExpression_cannot_be_combined()
    {
        var table = await NumberedTableAsync(1);
        var request = InPartition(table);
        request.KeyConditions = new() { ["pk"] = new Condition { ComparisonOperator = ComparisonOperator.EQ, AttributeValueList = [S("p")] } };
        await Expect.ValidationAsync(
            () => QueryAsync(request),
            "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {KeyConditions} Expression parameters: {KeyConditionExpression}");
    }

    [Fact]
    public async Task QueryFilter_and_FilterExpression_cannot_be_combined()
    {
        var table = await NumberedTableAsync(1);
        var request = InPartition(table);
        request.FilterExpression = "attribute_exists(v)";
        request.QueryFilter = new() { ["v"] = new Condition { ComparisonOperator = ComparisonOperator.NOT_NULL } };
        await Expect.ValidationContainingAsync(
            () => QueryAsync(request),
            "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {QueryFilter} Expression parameters: {",
            "FilterExpression");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task A_Limit_below_one_is_rejected(int limit)
    {
        var table = await NumberedTableAsync(1);
        var request = InPartition(table);
        request.Limit = limit;
        await Expect.ValidationAsync(() => QueryAsync(request), $"Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
    }

    [Fact]
    public async Task An_ExclusiveStartKey_that_does_not_match_the_schema_is_rejected()
    {
        var table = await NumberedTableAsync(1);
        var request = InPartition(table);
        request.ExclusiveStartKey = Item(("pk", S("p")));
        await Expect.ValidationAsync(() => QueryAsync(request), "The provided starting key is invalid: The provided key element does not match the schema");
    }

    [Fact]
    public async Task Query_on_a_missing_table_fails_with_ResourceNotFoundException()
    {
        await Expect.ResourceNotFoundAsync(() => QueryAsync(InPartition(UniqueName("missing"))));
    }

    [Fact]
    public async Task Query_of_an_empty_partition_returns_no_items()
    {
        var table = await NumberedTableAsync(2);

        var response = await QueryAsync(InPartition(table, "nobody"));

        Assert.NotNull(response.Items);
        Assert.Empty(response.Items);
        Assert.Equal(0, response.Count);
        Assert.Equal(0, response.ScannedCount);
        Assert.True(response.LastEvaluatedKey is null or { Count: 0 });
    }

    [Fact]
    public async Task Query_on_a_hash_only_table_returns_the_single_item()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Item(("pk", S("p")), ("v", N(1))));
        await PutAsync(table, Item(("pk", S("q")), ("v", N(2))));

        var response = await QueryAsync(InPartition(table));

        Expect.Items([Item(("pk", S("p")), ("v", N(1)))], response.Items);
    }

    [Fact]
    public async Task A_page_stops_at_1_MB_of_data()
    {
        var table = await CreateTableAsync("S", "S");
        for (var i = 0; i < 5; i++)
        {
            await PutAsync(table, SizedItem("p", $"k{i}", 300 * 1024));
        }

        var first = await QueryAsync(InPartition(table));
        Assert.InRange(first.Count ?? 0, 3, 4);
        Assert.NotNull(first.LastEvaluatedKey);
        Assert.NotEmpty(first.LastEvaluatedKey);

        var (items, pages) = await QueryAllAsync(InPartition(table));
        Assert.Equal(["k0", "k1", "k2", "k3", "k4"], SortKeys(items));
        Assert.True(pages >= 2);
    }

    [Fact]
    public async Task Select_COUNT_also_stops_at_1_MB()
    {
        var table = await CreateTableAsync("S", "S");
        for (var i = 0; i < 5; i++)
        {
            await PutAsync(table, SizedItem("p", $"k{i}", 300 * 1024));
        }

        var request = InPartition(table);
        request.Select = Select.COUNT;
        var first = await QueryAsync(request);

        Assert.InRange(first.Count ?? 0, 3, 4);
        Assert.NotNull(first.LastEvaluatedKey);
    }

    [Theory]
    [InlineData(true, 3)]
    [InlineData(false, 1.5)]
    public async Task Query_charges_for_the_total_size_read_rounded_up_to_4_KB(bool consistent, double units)
    {
        var table = await CreateTableAsync("S", "S");
        for (var i = 0; i < 10; i++)
        {
            await PutAsync(table, SizedItem("p", $"k{i}", 1000));
        }

        var request = InPartition(table);
        request.ConsistentRead = consistent;
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        var response = await QueryAsync(request);

        Assert.Equal(10, response.Count);
        Expect.Capacity(units, table, response.ConsumedCapacity);
    }

    [Fact]
    public async Task Filtered_out_items_are_still_charged()
    {
        var table = await CreateTableAsync("S", "S");
        for (var i = 0; i < 3; i++)
        {
            await PutAsync(table, SizedItem("p", $"k{i}", 2000));
        }

        var request = InPartition(table);
        request.FilterExpression = "attribute_exists(nothing)";
        request.ConsistentRead = true;
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.INDEXES;
        var response = await QueryAsync(request);

        Assert.Equal(0, response.Count);
        Assert.Equal(3, response.ScannedCount);
        Expect.CapacityWithTable(2, table, response.ConsumedCapacity);
    }

    [Fact]
    public async Task Only_the_items_up_to_the_Limit_are_charged()
    {
        var table = await CreateTableAsync("S", "S");
        for (var i = 0; i < 4; i++)
        {
            await PutAsync(table, SizedItem("p", $"k{i}", 3000));
        }

        var request = InPartition(table);
        request.Limit = 2;
        request.ConsistentRead = true;
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        var response = await QueryAsync(request);

        Expect.Capacity(2, table, response.ConsumedCapacity);
    }

    [Fact]
    public async Task ConsistentRead_Query_sees_every_acknowledged_write()
    {
        var table = await CreateTableAsync("S", "N");
        for (var i = 1; i <= 20; i++)
        {
            await PutAsync(table, Item(("pk", S("p")), ("sk", N(i))));
            var request = InPartition(table);
            request.ConsistentRead = true;
            request.Select = Select.COUNT;
            Assert.Equal(i, (await QueryAsync(request)).Count);
        }
    }
}
