using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using static Basalt.Api.Tests.Conformance.Av;

namespace Basalt.Api.Tests.Conformance;

public sealed class ScanTests(BasaltFixture fixture) : ConformanceTest(fixture)
{
    private static Dictionary<string, AttributeValue> Numbered(int i) =>
        Item(("pk", S($"k{i:D3}")), ("n", N(i)), ("even", Bool(i % 2 == 0)));

    /// <summary>A hash-only table with items k000..k{count-1}.</summary>
    private async Task<string> FilledTableAsync(int count = 50)
    {
        var table = await CreateTableAsync();
        for (var i = 0; i < count; i++)
        {
            await PutAsync(table, Numbered(i));
        }

        return table;
    }

    private Task<ScanResponse> ScanAsync(ScanRequest request) => Ddb.ScanAsync(request, Ct);

    private async Task<(List<Dictionary<string, AttributeValue>> Items, int Pages)> ScanPagesAsync(ScanRequest request)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        var pages = 0;
        do
        {
            var page = await ScanAsync(request);
            pages++;
            Assert.Equal(page.Count, page.Items?.Count ?? 0);
            items.AddRange(page.Items ?? []);
            request.ExclusiveStartKey = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
            Assert.True(pages < 1000);
        }
        while (request.ExclusiveStartKey is not null);
        return (items, pages);
    }

    private static List<string> Keys(IEnumerable<Dictionary<string, AttributeValue>> items) =>
        [.. items.Select(i => i["pk"].S).Order(StringComparer.Ordinal)];

    private static List<string> AllKeys(int count) => [.. Enumerable.Range(0, count).Select(i => $"k{i:D3}")];

    [Fact]
    public async Task Scan_returns_every_item_once()
    {
        var table = await FilledTableAsync();

        var response = await ScanAsync(new ScanRequest { TableName = table });

        Assert.Equal(AllKeys(50), Keys(response.Items));
        Assert.Equal(50, response.Count);
        Assert.Equal(50, response.ScannedCount);
        Assert.True(response.LastEvaluatedKey is null or { Count: 0 });
    }

    [Fact]
    public async Task Scan_of_an_empty_table_returns_no_items()
    {
        var table = await CreateTableAsync();
        var response = await ScanAsync(new ScanRequest { TableName = table });
        Assert.NotNull(response.Items);
        Assert.Empty(response.Items);
        Assert.Equal(0, response.Count);
        Assert.True(response.LastEvaluatedKey is null or { Count: 0 });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(49)]
    [InlineData(50)]
    public async Task Paging_with_Limit_reassembles_the_table_without_duplicates(int limit)
    {
        var table = await FilledTableAsync();

        var (items, pages) = await ScanPagesAsync(new ScanRequest { TableName = table, Limit = limit });

        Assert.Equal(AllKeys(50), Keys(items));
        Assert.True(pages >= (50 + limit - 1) / limit);
    }

    [Fact]
    public async Task Limit_bounds_each_page_and_sets_LastEvaluatedKey_to_the_last_item()
    {
        var table = await FilledTableAsync(10);

        var page = await ScanAsync(new ScanRequest { TableName = table, Limit = 4 });

        Assert.Equal(4, page.Count);
        Assert.Equal(4, page.ScannedCount);
        Expect.Item(Item(("pk", page.Items[^1]["pk"])), page.LastEvaluatedKey);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(64)]
    public async Task Parallel_segments_together_return_the_whole_table_exactly_once(int totalSegments)
    {
        var table = await FilledTableAsync();

        var union = new List<Dictionary<string, AttributeValue>>();
        for (var segment = 0; segment < totalSegments; segment++)
        {
            var (items, _) = await ScanPagesAsync(new ScanRequest { TableName = table, Segment = segment, TotalSegments = totalSegments });
            union.AddRange(items);
        }

        Assert.Equal(AllKeys(50), Keys(union));
    }

    [Fact]
    public async Task A_segment_can_be_paged_with_Limit()
    {
        var table = await FilledTableAsync();

        var union = new List<Dictionary<string, AttributeValue>>();
        for (var segment = 0; segment < 4; segment++)
        {
            var (items, _) = await ScanPagesAsync(new ScanRequest { TableName = table, Segment = segment, TotalSegments = 4, Limit = 3 });
            union.AddRange(items);
        }

        Assert.Equal(AllKeys(50), Keys(union));
    }

    [Fact]
    public async Task Segment_without_TotalSegments_is_rejected()
    {
        var table = await FilledTableAsync(1);
        await Expect.ValidationAsync(
            () => ScanAsync(new ScanRequest { TableName = table, Segment = 1 }),
            "The TotalSegments parameter is required but was not present in the request when Segment parameter is present");
    }

    [Fact]
    public async Task TotalSegments_without_Segment_is_rejected()
    {
        var table = await FilledTableAsync(1);
        await Expect.ValidationAsync(
            () => ScanAsync(new ScanRequest { TableName = table, TotalSegments = 2 }),
            "The Segment parameter is required but was not present in the request when parameter TotalSegments is present");
    }

    [Theory]
    [InlineData(4, 4)]
    [InlineData(5, 4)]
    [InlineData(1, 1)]
    public async Task A_Segment_not_below_TotalSegments_is_rejected(int segment, int totalSegments)
    {
        var table = await FilledTableAsync(1);
        await Expect.ValidationAsync(
            () => ScanAsync(new ScanRequest { TableName = table, Segment = segment, TotalSegments = totalSegments }),
            string.Create(CultureInfo.InvariantCulture, $"The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: {segment} is not less than TotalSegments: {totalSegments}"));
    }

    [Theory]
    [InlineData(0, 0, "totalSegments", "greater than or equal to 1")]
    [InlineData(0, 1000001, "totalSegments", "less than or equal to 1000000")]
    [InlineData(-1, 2, "segment", "greater than or equal to 0")]
    public async Task Segment_and_TotalSegments_out_of_range_are_rejected(int segment, int totalSegments, string member, string constraint)
    {
        var table = await FilledTableAsync(1);
        var value = member == "segment" ? segment : totalSegments;
        await Expect.ValidationAsync(
            () => ScanAsync(new ScanRequest { TableName = table, Segment = segment, TotalSegments = totalSegments }),
            string.Create(CultureInfo.InvariantCulture, $"Value '{value}' at '{member}' failed to satisfy constraint: Member must have value {constraint}"));
    }

    [Fact]
    public async Task The_largest_TotalSegments_is_accepted()
    {
        var table = await FilledTableAsync(3);
        var response = await ScanAsync(new ScanRequest { TableName = table, Segment = 999999, TotalSegments = 1000000 });
        Assert.True(response.Count <= 3);
    }

    [Fact]
    public async Task FilterExpression_reduces_Count_but_not_ScannedCount()
    {
        var table = await FilledTableAsync(10);

        var response = await ScanAsync(new ScanRequest
        {
            TableName = table,
            FilterExpression = "even = :t AND n >= :min",
            ExpressionAttributeValues = new() { [":t"] = Bool(true), [":min"] = N(4) },
        });

        Assert.Equal(["k004", "k006", "k008"], Keys(response.Items));
        Assert.Equal(3, response.Count);
        Assert.Equal(10, response.ScannedCount);
    }

    [Fact]
    public async Task ScanFilter_filters_like_a_FilterExpression()
    {
        var table = await FilledTableAsync(10);

        var response = await ScanAsync(new ScanRequest
        {
            TableName = table,
            ScanFilter = new()
            {
                ["n"] = new Condition { ComparisonOperator = ComparisonOperator.LT, AttributeValueList = [N(5)] },
                ["even"] = new Condition { ComparisonOperator = ComparisonOperator.EQ, AttributeValueList = [Bool(false)] },
            },
        });

        Assert.Equal(["k001", "k003"], Keys(response.Items));
        Assert.Equal(10, response.ScannedCount);
    }

    [Fact]
    public async Task ScanFilter_with_ConditionalOperator_OR_matches_either_condition()
    {
        var table = await FilledTableAsync(10);

        var response = await ScanAsync(new ScanRequest
        {
            TableName = table,
            ScanFilter = new()
            {
                ["n"] = new Condition { ComparisonOperator = ComparisonOperator.EQ, AttributeValueList = [N(1)] },
                ["pk"] = new Condition { ComparisonOperator = ComparisonOperator.EQ, AttributeValueList = [S("k009")] },
            },
            ConditionalOperator = ConditionalOperator.OR,
        });

        Assert.Equal(["k001", "k009"], Keys(response.Items));
    }

    [Fact]
    public async Task ScanFilter_and_FilterExpression_cannot_be_combined()
    {
        var table = await FilledTableAsync(1);
        await Expect.ValidationAsync(
            () => ScanAsync(new ScanRequest
            {
                TableName = table,
                FilterExpression = "attribute_exists(n)",
                ScanFilter = new() { ["n"] = new Condition { ComparisonOperator = ComparisonOperator.NOT_NULL } },
            }),
            "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {ScanFilter} Expression parameters: {FilterExpression}");
    }

    [Fact]
    public async Task Select_COUNT_returns_counts_without_items()
    {
        var table = await FilledTableAsync(10);

        var response = await ScanAsync(new ScanRequest
        {
            TableName = table,
            Select = Select.COUNT,
            FilterExpression = "even = :t",
            ExpressionAttributeValues = new() { [":t"] = Bool(true) },
        });

        Assert.Null(response.Items);
        Assert.Equal(5, response.Count);
        Assert.Equal(10, response.ScannedCount);
    }

    [Fact]
    public async Task ProjectionExpression_returns_only_the_projected_attributes()
    {
        var table = await FilledTableAsync(3);

        var response = await ScanAsync(new ScanRequest { TableName = table, ProjectionExpression = "n" });

        Assert.Equal(["0", "1", "2"], response.Items.Select(i => Assert.Single(i).Value.N).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AttributesToGet_returns_only_the_named_attributes()
    {
        var table = await FilledTableAsync(2);

        var response = await ScanAsync(new ScanRequest { TableName = table, AttributesToGet = ["pk", "even"] });

        Expect.ItemSet([Item(("pk", S("k000")), ("even", Bool(true))), Item(("pk", S("k001")), ("even", Bool(false)))], response.Items);
    }

    [Fact]
    public async Task Select_SPECIFIC_ATTRIBUTES_without_a_projection_is_rejected()
    {
        var table = await FilledTableAsync(1);
        await Expect.ValidationAsync(
            () => ScanAsync(new ScanRequest { TableName = table, Select = Select.SPECIFIC_ATTRIBUTES }),
            "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES");
    }

    [Fact]
    public async Task Select_COUNT_with_a_projection_is_rejected()
    {
        var table = await FilledTableAsync(1);
        await Expect.ValidationAsync(
            () => ScanAsync(new ScanRequest { TableName = table, Select = Select.COUNT, ProjectionExpression = "n" }),
            "Cannot specify the ProjectionExpression when choosing to get only the Count");
    }

    [Fact]
    public async Task ExclusiveStartKey_continues_a_scan()
    {
        var table = await FilledTableAsync(10);
        var first = await ScanAsync(new ScanRequest { TableName = table, Limit = 5 });

        var rest = await ScanAsync(new ScanRequest { TableName = table, ExclusiveStartKey = first.LastEvaluatedKey });

        Assert.Equal(AllKeys(10), Keys([.. first.Items, .. rest.Items]));
    }

    [Fact]
    public async Task An_ExclusiveStartKey_that_does_not_match_the_schema_is_rejected()
    {
        var table = await FilledTableAsync(1);
        await Expect.ValidationAsync(
            () => ScanAsync(new ScanRequest { TableName = table, ExclusiveStartKey = Item(("other", S("x"))) }),
            "The provided starting key is invalid: The provided key element does not match the schema");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public async Task A_Limit_below_one_is_rejected(int limit)
    {
        var table = await FilledTableAsync(1);
        await Expect.ValidationAsync(
            () => ScanAsync(new ScanRequest { TableName = table, Limit = limit }),
            string.Create(CultureInfo.InvariantCulture, $"Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"));
    }

    [Fact]
    public async Task Scan_on_a_missing_table_fails_with_ResourceNotFoundException()
    {
        await Expect.ResourceNotFoundAsync(() => ScanAsync(new ScanRequest { TableName = UniqueName("missing") }));
    }

    [Fact]
    public async Task A_page_stops_at_1_MB_of_data()
    {
        var table = await CreateTableAsync();
        for (var i = 0; i < 5; i++)
        {
            await PutAsync(table, SizedItem($"big{i}", 300 * 1024));
        }

        var first = await ScanAsync(new ScanRequest { TableName = table });
        Assert.InRange(first.Count ?? 0, 3, 4);
        Assert.NotNull(first.LastEvaluatedKey);

        var (items, _) = await ScanPagesAsync(new ScanRequest { TableName = table });
        Assert.Equal(["big0", "big1", "big2", "big3", "big4"], Keys(items));
    }

    [Theory]
    [InlineData(true, 3)]
    [InlineData(false, 1.5)]
    public async Task Scan_charges_for_the_total_size_read_rounded_up_to_4_KB(bool consistent, double units)
    {
        var table = await CreateTableAsync();
        for (var i = 0; i < 10; i++)
        {
            await PutAsync(table, SizedItem($"k{i}", 1000));
        }

        var response = await ScanAsync(new ScanRequest
        {
            TableName = table,
            ConsistentRead = consistent,
            FilterExpression = "attribute_not_exists(fill)",
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        });

        Assert.Equal(0, response.Count);
        Assert.Equal(10, response.ScannedCount);
        Expect.Capacity(units, table, response.ConsumedCapacity);
    }

    [Fact]
    public async Task ConsistentRead_Scan_sees_every_acknowledged_write()
    {
        var table = await CreateTableAsync();
        for (var i = 1; i <= 10; i++)
        {
            await PutAsync(table, Key($"k{i}"));
            var response = await ScanAsync(new ScanRequest { TableName = table, ConsistentRead = true, Select = Select.COUNT });
            Assert.Equal(i, response.Count);
        }
    }

    [Fact]
    public async Task Scan_of_a_table_with_sort_keys_returns_items_grouped_by_partition_in_sort_order()
    {
        var table = await CreateTableAsync("S", "N");
        foreach (var p in new[] { "a", "b", "c" })
        {
            foreach (var s in new[] { 3, 1, 2 })
            {
                await PutAsync(table, Item(("pk", S(p)), ("sk", N(s))));
            }
        }

        var response = await ScanAsync(new ScanRequest { TableName = table });

        var sequence = response.Items.Select(i => (i["pk"].S, i["sk"].N)).ToList();
        Assert.Equal(9, sequence.Count);
        foreach (var group in sequence.Chunk(3))
        {
            Assert.Single(group.Select(g => g.S).Distinct());
            Assert.Equal(["1", "2", "3"], group.Select(g => g.N));
        }
    }
}
