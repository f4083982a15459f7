using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using static Basalt.Api.Tests.Conformance.Av;

namespace Basalt.Api.Tests.Conformance;

public sealed class PutItemTests(BasaltFixture fixture) : ConformanceTest(fixture)
{
    private Task<PutItemResponse> PutAsync(PutItemRequest request) => Ddb.PutItemAsync(request, Ct);

    [Fact]
    public async Task PutItem_stores_an_item_that_GetItem_returns()
    {
        var table = await CreateTableAsync();
        var item = Item(("pk", S("a")), ("s", S("text")), ("n", N(42)));

        var response = await PutAsync(new PutItemRequest { TableName = table, Item = item });

        Assert.Null(response.Attributes);
        Assert.Null(response.ConsumedCapacity);
        Assert.Null(response.ItemCollectionMetrics);
        Expect.Item(item, await GetAsync(table, Key("a")));
    }

    [Fact]
    public async Task PutItem_replaces_the_whole_existing_item()
    {
        var table = await CreateTableAsync();
        await PutAsync(new PutItemRequest { TableName = table, Item = Item(("pk", S("a")), ("old", S("x")), ("both", N(1))) });

        await PutAsync(new PutItemRequest { TableName = table, Item = Item(("pk", S("a")), ("both", N(2)), ("new", S("y"))) });

        Expect.Item(Item(("pk", S("a")), ("both", N(2)), ("new", S("y"))), await GetAsync(table, Key("a")));
    }

    [Fact]
    public async Task PutItem_with_hash_and_range_key_stores_items_per_full_key()
    {
        var table = await CreateTableAsync("S", "S");
        await PutAsync(new PutItemRequest { TableName = table, Item = Item(("pk", S("a")), ("sk", S("1")), ("v", S("one"))) });
        await PutAsync(new PutItemRequest { TableName = table, Item = Item(("pk", S("a")), ("sk", S("2")), ("v", S("two"))) });

        Expect.Item(Item(("pk", S("a")), ("sk", S("1")), ("v", S("one"))), await GetAsync(table, Key("a", S("1"))));
        Expect.Item(Item(("pk", S("a")), ("sk", S("2")), ("v", S("two"))), await GetAsync(table, Key("a", S("2"))));
    }

    [Fact]
    public async Task ReturnValues_NONE_returns_no_attributes()
    {
        var table = await CreateTableAsync();
        await PutAsync(new PutItemRequest { TableName = table, Item = Item(("pk", S("a")), ("v", N(1))) });

        var response = await PutAsync(new PutItemRequest { TableName = table, Item = Item(("pk", S("a")), ("v", N(2))), ReturnValues = ReturnValue.NONE });

        Assert.Null(response.Attributes);
    }

    [Fact]
    public async Task ReturnValues_ALL_OLD_returns_the_replaced_item()
    {
        var table = await CreateTableAsync();
        var old = Item(("pk", S("a")), ("v", N("-0015.789e6")), ("s", SS("x", "y")));
        await PutAsync(new PutItemRequest { TableName = table, Item = old });

        var response = await PutAsync(new PutItemRequest { TableName = table, Item = Item(("pk", S("a")), ("v", S("new"))), ReturnValues = ReturnValue.ALL_OLD });

        Expect.Item(Item(("pk", S("a")), ("v", N("-15789000")), ("s", SS("x", "y"))), response.Attributes);
    }

    [Fact]
    public async Task ReturnValues_ALL_OLD_returns_nothing_for_a_new_item()
    {
        var table = await CreateTableAsync();

        var response = await PutAsync(new PutItemRequest { TableName = table, Item = Item(("pk", S("new")), ("v", N(1))), ReturnValues = ReturnValue.ALL_OLD });

        Assert.True(response.Attributes is null or { Count: 0 });
    }

    [Theory]
    [InlineData("UPDATED_OLD")]
    [InlineData("ALL_NEW")]
    [InlineData("UPDATED_NEW")]
    public async Task ReturnValues_other_than_NONE_and_ALL_OLD_are_rejected(string returnValues)
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => PutAsync(new PutItemRequest { TableName = table, Item = Key("a"), ReturnValues = ReturnValue.FindValue(returnValues) }),
            "ReturnValues can only be ALL_OLD or NONE");
    }

    [Fact]
    public async Task An_unknown_ReturnValues_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationContainingAsync(
            () => PutAsync(new PutItemRequest { TableName = table, Item = Key("a"), ReturnValues = ReturnValue.FindValue("SOME") }),
            "Value 'SOME' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set:");
    }

    [Fact]
    public async Task PutItem_into_a_missing_table_fails_with_ResourceNotFoundException()
    {
        await Expect.ResourceNotFoundAsync(() => PutAsync(new PutItemRequest { TableName = UniqueName("missing"), Item = Key("a") }));
    }

    [Fact]
    public async Task PutItem_without_the_partition_key_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => PutAsync(new PutItemRequest { TableName = table, Item = Item(("other", S("x"))) }),
            "One or more parameter values were invalid: Missing the key pk in the item");
    }

    [Fact]
    public async Task PutItem_without_the_sort_key_is_rejected()
    {
        var table = await CreateTableAsync("S", "N");
        await Expect.ValidationAsync(
            () => PutAsync(new PutItemRequest { TableName = table, Item = Item(("pk", S("x")), ("v", S("y"))) }),
            "One or more parameter values were invalid: Missing the key sk in the item");
    }

    public static TheoryData<string, string> WrongKeyTypes => new()
    {
        { "N", "N" },
        { "B", "B" },
        { "SS", "SS" },
        { "NS", "NS" },
        { "BOOL", "BOOL" },
    };

    [Theory]
    [MemberData(nameof(WrongKeyTypes))]
    public async Task PutItem_with_a_key_of_the_wrong_type_is_rejected(string type, string reported)
    {
        var table = await CreateTableAsync();
        var value = type switch
        {
            "N" => N(1),
            "B" => B(1, 2),
            "SS" => SS("a"),
            "NS" => NS("1"),
            _ => Bool(true),
        };
        await Expect.ValidationAsync(
            () => PutAsync(new PutItemRequest { TableName = table, Item = Item(("pk", value)) }),
            $"One or more parameter values were invalid: Type mismatch for key pk expected: S actual: {reported}");
    }

    [Fact]
    public async Task PutItem_with_a_sort_key_of_the_wrong_type_is_rejected()
    {
        var table = await CreateTableAsync("S", "N");
        await Expect.ValidationAsync(
            () => PutAsync(new PutItemRequest { TableName = table, Item = Item(("pk", S("a")), ("sk", S("1"))) }),
            "One or more parameter values were invalid: Type mismatch for key sk expected: N actual: S");
    }

    [Fact]
    public async Task PutItem_with_an_empty_string_partition_key_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => PutAsync(new PutItemRequest { TableName = table, Item = Item(("pk", S(""))) }),
            "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk");
    }

    [Fact]
    public async Task PutItem_with_an_empty_string_sort_key_is_rejected()
    {
        var table = await CreateTableAsync("S", "S");
        await Expect.ValidationAsync(
            () => PutAsync(new PutItemRequest { TableName = table, Item = Item(("pk", S("a")), ("sk", S(""))) }),
            "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: sk");
    }

    [Fact]
    public async Task PutItem_with_an_empty_binary_partition_key_is_rejected()
    {
        var table = await CreateTableAsync("B");
        await Expect.ValidationAsync(
            () => PutAsync(new PutItemRequest { TableName = table, Item = Item(("pk", B())) }),
            "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: pk");
    }

    [Fact]
    public async Task Empty_strings_and_binaries_are_allowed_outside_the_key()
    {
        var table = await CreateTableAsync();
        var item = Item(("pk", S("a")), ("s", S("")), ("b", B()), ("m", M(("inner", S("")))), ("l", L(S(""))));

        await PutAsync(new PutItemRequest { TableName = table, Item = item });

        Expect.Item(item, await GetAsync(table, Key("a")));
    }

    [Fact]
    public async Task A_partition_key_of_2048_bytes_is_accepted()
    {
        var table = await CreateTableAsync();
        var pk = Text(2048);
        await PutAsync(new PutItemRequest { TableName = table, Item = Item(("pk", S(pk))) });
        Assert.NotNull(await GetAsync(table, Key(pk)));
    }

    [Fact]
    public async Task A_partition_key_of_2049_bytes_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => PutAsync(new PutItemRequest { TableName = table, Item = Item(("pk", S(Text(2049)))) }),
            "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes");
    }

    [Fact]
    public async Task The_partition_key_limit_counts_UTF8_bytes_not_characters()
    {
        var table = await CreateTableAsync();
        await PutAsync(new PutItemRequest { TableName = table, Item = Item(("pk", S(Text(1024, 'é')))) });
        await Expect.ValidationAsync(
            () => PutAsync(new PutItemRequest { TableName = table, Item = Item(("pk", S(Text(1024, 'é') + "x"))) }),
            "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes");
    }

    [Fact]
    public async Task A_binary_partition_key_over_2048_bytes_is_rejected()
    {
        var table = await CreateTableAsync("B");
        await PutAsync(new PutItemRequest { TableName = table, Item = Item(("pk", B(new byte[2048]))) });
        await Expect.ValidationAsync(
            () => PutAsync(new PutItemRequest { TableName = table, Item = Item(("pk", B(new byte[2049]))) }),
            "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes");
    }

    [Fact]
    public async Task A_sort_key_of_1024_bytes_is_accepted_and_1025_rejected()
    {
        var table = await CreateTableAsync("S", "S");
        await PutAsync(new PutItemRequest { TableName = table, Item = Item(("pk", S("a")), ("sk", S(Text(1024)))) });
        await Expect.ValidationAsync(
            () => PutAsync(new PutItemRequest { TableName = table, Item = Item(("pk", S("a")), ("sk", S(Text(1025)))) }),
            "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
    }

    [Fact]
    public async Task An_item_of_exactly_400_KB_is_accepted()
    {
        var table = await CreateTableAsync();
        var item = SizedItem("big", 400 * 1024);

        await PutAsync(new PutItemRequest { TableName = table, Item = item });

        Expect.Item(item, await GetAsync(table, Key("big")));
    }

    [Fact]
    public async Task An_item_one_byte_over_400_KB_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => PutAsync(new PutItemRequest { TableName = table, Item = SizedItem("big", (400 * 1024) + 1) }),
            "Item size has exceeded the maximum allowed size");
        Assert.Null(await GetAsync(table, Key("big")));
    }

    [Fact]
    public async Task Attribute_names_count_towards_the_item_size()
    {
        var table = await CreateTableAsync();
        var longName = Text(27, 'n');
        var fits = Item(("pk", S("a")), (longName, S(Text((400 * 1024) - 3 - 27))));
        var over = Item(("pk", S("a")), (longName, S(Text((400 * 1024) - 3 - 26))));

        await PutAsync(new PutItemRequest { TableName = table, Item = fits });
        await Expect.ValidationAsync(() => PutAsync(new PutItemRequest { TableName = table, Item = over }), "Item size has exceeded the maximum allowed size");
    }

    [Fact]
    public async Task ConditionExpression_attribute_not_exists_allows_a_new_item()
    {
        var table = await CreateTableAsync();
        await PutAsync(new PutItemRequest { TableName = table, Item = Key("a"), ConditionExpression = "attribute_not_exists(pk)" });
        Assert.NotNull(await GetAsync(table, Key("a")));
    }

    [Fact]
    public async Task ConditionExpression_attribute_not_exists_refuses_to_overwrite()
    {
        var table = await CreateTableAsync();
        var original = Item(("pk", S("a")), ("v", N(1)));
        await PutAsync(new PutItemRequest { TableName = table, Item = original });

        await Expect.ConditionFailedAsync(() => PutAsync(new PutItemRequest
        {
            TableName = table,
            Item = Item(("pk", S("a")), ("v", N(2))),
            ConditionExpression = "attribute_not_exists(pk)",
        }));

        Expect.Item(original, await GetAsync(table, Key("a")));
    }

    [Fact]
    public async Task ConditionExpression_with_names_and_values_is_evaluated_against_the_old_item()
    {
        var table = await CreateTableAsync();
        await PutAsync(new PutItemRequest { TableName = table, Item = Item(("pk", S("a")), ("count", N(5))) });

        await PutAsync(new PutItemRequest
        {
            TableName = table,
            Item = Item(("pk", S("a")), ("count", N(6))),
            ConditionExpression = "#c = :old AND #c < :limit",
            ExpressionAttributeNames = new() { ["#c"] = "count" },
            ExpressionAttributeValues = new() { [":old"] = N(5), [":limit"] = N(10) },
        });
        await Expect.ConditionFailedAsync(() => PutAsync(new PutItemRequest
        {
            TableName = table,
            Item = Item(("pk", S("a")), ("count", N(7))),
            ConditionExpression = "#c = :old",
            ExpressionAttributeNames = new() { ["#c"] = "count" },
            ExpressionAttributeValues = new() { [":old"] = N(5) },
        }));

        Expect.Item(Item(("pk", S("a")), ("count", N(6))), await GetAsync(table, Key("a")));
    }

    [Fact]
    public async Task ReturnValuesOnConditionCheckFailure_ALL_OLD_puts_the_item_in_the_exception()
    {
        var table = await CreateTableAsync();
        var original = Item(("pk", S("a")), ("v", N(1)), ("tags", SS("x")));
        await PutAsync(new PutItemRequest { TableName = table, Item = original });

        var ex = await Expect.ConditionFailedAsync(() => PutAsync(new PutItemRequest
        {
            TableName = table,
            Item = Key("a"),
            ConditionExpression = "v = :two",
            ExpressionAttributeValues = new() { [":two"] = N(2) },
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        }));

        Expect.Item(original, ex.Item);
    }

    [Fact]
    public async Task ReturnValuesOnConditionCheckFailure_NONE_returns_no_item()
    {
        var table = await CreateTableAsync();
        await PutAsync(new PutItemRequest { TableName = table, Item = Key("a") });

        var ex = await Expect.ConditionFailedAsync(() => PutAsync(new PutItemRequest
        {
            TableName = table,
            Item = Key("a"),
            ConditionExpression = "attribute_not_exists(pk)",
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.NONE,
        }));

        Assert.True(ex.Item is null or { Count: 0 });
    }

    [Fact]
    public async Task Unused_ExpressionAttributeValues_are_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => PutAsync(new PutItemRequest
            {
                TableName = table,
                Item = Key("a"),
                ConditionExpression = "attribute_not_exists(pk)",
                ExpressionAttributeValues = new() { [":unused"] = S("x") },
            }),
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}");
    }

    [Fact]
    public async Task Unused_ExpressionAttributeNames_are_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => PutAsync(new PutItemRequest
            {
                TableName = table,
                Item = Key("a"),
                ConditionExpression = "attribute_not_exists(pk)",
                ExpressionAttributeNames = new() { ["#unused"] = "x" },
            }),
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}");
    }

    [Fact]
    public async Task An_undefined_expression_attribute_value_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => PutAsync(new PutItemRequest { TableName = table, Item = Key("a"), ConditionExpression = "v = :v" }),
            "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v");
    }

    [Fact]
    public async Task An_undefined_expression_attribute_name_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => PutAsync(new PutItemRequest { TableName = table, Item = Key("a"), ConditionExpression = "attribute_exists(#n)" }),
            "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #n");
    }

    [Fact]
    public async Task ExpressionAttributeValues_without_an_expression_are_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => PutAsync(new PutItemRequest { TableName = table, Item = Key("a"), ExpressionAttributeValues = new() { [":v"] = S("x") } }),
            "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null");
    }

    [Fact]
    public async Task ExpressionAttributeNames_without_an_expression_are_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => PutAsync(new PutItemRequest { TableName = table, Item = Key("a"), ExpressionAttributeNames = new() { ["#a"] = "a" } }),
            "ExpressionAttributeNames can only be specified when using expressions");
    }

    [Fact]
    public async Task An_empty_ConditionExpression_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => PutAsync(new PutItemRequest { TableName = table, Item = Key("a"), ConditionExpression = "" }),
            "Invalid ConditionExpression: The expression can not be empty;");
    }

    [Fact]
    public async Task A_reserved_word_in_a_ConditionExpression_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => PutAsync(new PutItemRequest { TableName = table, Item = Key("a"), ConditionExpression = "attribute_exists(name)" }),
            "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: name");
    }

    [Fact]
    public async Task A_syntax_error_in_a_ConditionExpression_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationStartingWithAsync(
            () => PutAsync(new PutItemRequest
            {
                TableName = table,
                Item = Key("a"),
                ConditionExpression = "v = = :v",
                ExpressionAttributeValues = new() { [":v"] = S("x") },
            }),
            "Invalid ConditionExpression: Syntax error; token: \"=\", near: ");
    }

    [Fact]
    public async Task Expected_and_ConditionExpression_cannot_be_combined()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => PutAsync(new PutItemRequest
            {
                TableName = table,
                Item = Key("a"),
                Expected = new() { ["pk"] = new ExpectedAttributeValue { Exists = false } },
                ConditionExpression = "attribute_not_exists(pk)",
            }),
            "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}");
    }

    [Fact]
    public async Task NULL_false_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => PutAsync(new PutItemRequest { TableName = table, Item = Item(("pk", S("a")), ("n", new AttributeValue { NULL = false })) }),
            "One or more parameter values were invalid: Null attribute value types must have the value of true");
    }

    [Fact]
    public async Task ReturnConsumedCapacity_TOTAL_reports_one_write_unit_for_a_small_item()
    {
        var table = await CreateTableAsync();
        var response = await PutAsync(new PutItemRequest { TableName = table, Item = SizedItem("a", 100), ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL });
        Expect.Capacity(1, table, response.ConsumedCapacity);
        Assert.Null(response.ConsumedCapacity.Table);
    }

    [Fact]
    public async Task ReturnConsumedCapacity_INDEXES_also_reports_the_table_share()
    {
        var table = await CreateTableAsync();
        var response = await PutAsync(new PutItemRequest { TableName = table, Item = SizedItem("a", 1500), ReturnConsumedCapacity = ReturnConsumedCapacity.INDEXES });
        Expect.CapacityWithTable(2, table, response.ConsumedCapacity);
    }

    [Fact]
    public async Task ReturnConsumedCapacity_NONE_reports_nothing()
    {
        var table = await CreateTableAsync();
        var response = await PutAsync(new PutItemRequest { TableName = table, Item = SizedItem("a", 100), ReturnConsumedCapacity = ReturnConsumedCapacity.NONE });
        Assert.Null(response.ConsumedCapacity);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1024, 1)]
    [InlineData(1025, 2)]
    [InlineData(2048, 2)]
    [InlineData(2049, 3)]
    [InlineData(10 * 1024, 10)]
    [InlineData(400 * 1024, 400)]
    public async Task A_write_costs_one_unit_per_started_KB(int size, double units)
    {
        var table = await CreateTableAsync();
        var item = size < 10 ? Key("a") : SizedItem("a", size);
        var response = await PutAsync(new PutItemRequest { TableName = table, Item = item, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL });
        Expect.Capacity(units, table, response.ConsumedCapacity);
    }

    [Fact]
    public async Task Overwriting_charges_for_the_larger_of_the_old_and_new_item()
    {
        var table = await CreateTableAsync();
        await PutAsync(new PutItemRequest { TableName = table, Item = SizedItem("a", 2500) });

        var response = await PutAsync(new PutItemRequest { TableName = table, Item = Key("a"), ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL });
        Expect.Capacity(3, table, response.ConsumedCapacity);

        var again = await PutAsync(new PutItemRequest { TableName = table, Item = Key("a"), ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL });
        Expect.Capacity(1, table, again.ConsumedCapacity);
    }

    [Fact]
    public async Task A_failed_condition_still_returns_nothing_but_the_error()
    {
        var table = await CreateTableAsync();
        await PutAsync(new PutItemRequest { TableName = table, Item = Key("a") });

        var ex = await Expect.ConditionFailedAsync(() => PutAsync(new PutItemRequest
        {
            TableName = table,
            Item = Key("a"),
            ConditionExpression = "attribute_not_exists(pk)",
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        }));
        Assert.True(ex.Item is null or { Count: 0 });
    }

    [Fact]
    public async Task ReturnItemCollectionMetrics_SIZE_returns_nothing_without_local_indexes()
    {
        var table = await CreateTableAsync("S", "S");
        var response = await PutAsync(new PutItemRequest
        {
            TableName = table,
            Item = Item(("pk", S("a")), ("sk", S("b"))),
            ReturnItemCollectionMetrics = ReturnItemCollectionMetrics.SIZE,
        });
        Assert.Null(response.ItemCollectionMetrics);
    }

    [Fact]
    public async Task An_unknown_ReturnConsumedCapacity_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => PutAsync(new PutItemRequest { TableName = table, Item = Key("a"), ReturnConsumedCapacity = ReturnConsumedCapacity.FindValue("ALL") }),
            "Value 'ALL' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]");
    }

    [Fact]
    public async Task An_unknown_ReturnItemCollectionMetrics_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => PutAsync(new PutItemRequest { TableName = table, Item = Key("a"), ReturnItemCollectionMetrics = ReturnItemCollectionMetrics.FindValue("ALL") }),
            "Value 'ALL' at 'returnItemCollectionMetrics' failed to satisfy constraint: Member must satisfy enum value set: [SIZE, NONE]");
    }
}
