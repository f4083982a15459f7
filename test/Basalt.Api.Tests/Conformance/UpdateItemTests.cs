using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using static Basalt.Api.Tests.Conformance.Av;

namespace Basalt.Api.Tests.Conformance;

public sealed class UpdateItemTests(BasaltFixture fixture) : ConformanceTest(fixture)
{
    private Task<UpdateItemResponse> UpdateAsync(UpdateItemRequest request) => Ddb.UpdateItemAsync(request, Ct);

    private Task<UpdateItemResponse> UpdateAsync(string table, string expression, params (string Name, AttributeValue Value)[] values) =>
        UpdateAsync(new UpdateItemRequest
        {
            TableName = table,
            Key = Key("a"),
            UpdateExpression = expression,
            ExpressionAttributeValues = values.Length == 0 ? null : Item(values),
        });

    [Fact]
    public async Task SET_on_a_missing_item_creates_it()
    {
        var table = await CreateTableAsync();
        await UpdateAsync(table, "SET v = :v", (":v", S("x")));
        Expect.Item(Item(("pk", S("a")), ("v", S("x"))), await GetAsync(table, Key("a")));
    }

    [Fact]
    public async Task SET_and_REMOVE_change_several_attributes_at_once()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Item(("pk", S("a")), ("keep", N(1)), ("dropme", S("x")), ("change", S("old"))));

        await UpdateAsync(table, "SET change = :new, added = :added REMOVE dropme", (":new", S("new")), (":added", Bool(true)));

        Expect.Item(Item(("pk", S("a")), ("keep", N(1)), ("change", S("new")), ("added", Bool(true))), await GetAsync(table, Key("a")));
    }

    [Fact]
    public async Task SET_with_arithmetic_adds_and_subtracts_numbers()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Item(("pk", S("a")), ("x", N(10)), ("y", N("0.5"))));

        await UpdateAsync(table, "SET x = x + :three, y = y - :one, z = :one + :three", (":three", N(3)), (":one", N(1)));

        Expect.Item(Item(("pk", S("a")), ("x", N(13)), ("y", N("-0.5")), ("z", N(4))), await GetAsync(table, Key("a")));
    }

    [Fact]
    public async Task SET_if_not_exists_only_sets_a_missing_attribute()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Item(("pk", S("a")), ("present", N(1))));

        await UpdateAsync(table, "SET present = if_not_exists(present, :v), absent = if_not_exists(absent, :v)", (":v", N(9)));

        Expect.Item(Item(("pk", S("a")), ("present", N(1)), ("absent", N(9))), await GetAsync(table, Key("a")));
    }

    [Fact]
    public async Task SET_list_append_appends_and_prepends()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Item(("pk", S("a")), ("l", L(N(2), N(3)))));

        await UpdateAsync(table, "SET l = list_append(:front, l)", (":front", L(N(1))));
        await UpdateAsync(table, "SET l = list_append(l, :back)", (":back", L(N(4), N(5))));

        Expect.Item(Item(("pk", S("a")), ("l", L(N(1), N(2), N(3), N(4), N(5)))), await GetAsync(table, Key("a")));
    }

    [Fact]
    public async Task SET_and_REMOVE_reach_into_maps_and_lists()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Item(("pk", S("a")), ("m", M(("x", N(1)), ("y", N(2)))), ("l", L(S("a"), S("b"), S("c")))));

        await UpdateAsync(table, "SET m.z = :z, l[1] = :b REMOVE m.x, l[0]", (":z", N(3)), (":b", S("B")));

        Expect.Item(Item(("pk", S("a")), ("m", M(("y", N(2)), ("z", N(3)))), ("l", L(S("B"), S("c")))), await GetAsync(table, Key("a")));
    }

    [Fact]
    public async Task SET_beyond_the_end_of_a_list_appends()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Item(("pk", S("a")), ("l", L(S("a")))));

        await UpdateAsync(table, "SET l[10] = :v", (":v", S("z")));

        Expect.Item(Item(("pk", S("a")), ("l", L(S("a"), S("z")))), await GetAsync(table, Key("a")));
    }

    [Fact]
    public async Task ADD_increments_a_number_and_creates_it_when_missing()
    {
        var table = await CreateTableAsync();
        await UpdateAsync(table, "ADD hits :one", (":one", N(1)));
        await UpdateAsync(table, "ADD hits :five", (":five", N(5)));
        Expect.Item(Item(("pk", S("a")), ("hits", N(6))), await GetAsync(table, Key("a")));
    }

    [Fact]
    public async Task ADD_and_DELETE_change_set_members()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Item(("pk", S("a")), ("ss", SS("x", "y")), ("ns", NS("1", "2")), ("ss2", SS("x", "y"))));

        await UpdateAsync(table, "ADD ss :more, ns :n DELETE ss2 :less", (":more", SS("z", "x")), (":n", NS("3")), (":less", SS("y", "absent")));

        Expect.Item(Item(("pk", S("a")), ("ss", SS("x", "y", "z")), ("ns", NS("1", "2", "3")), ("ss2", SS("x"))), await GetAsync(table, Key("a")));
    }

    [Fact]
    public async Task DELETE_of_every_member_removes_the_set_attribute()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Item(("pk", S("a")), ("ss", SS("x", "y"))));

        await UpdateAsync(table, "DELETE ss :all", (":all", SS("x", "y")));

        Expect.Item(Key("a"), await GetAsync(table, Key("a")));
    }

    [Fact]
    public async Task SET_below_a_missing_map_is_rejected()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Item(("pk", S("a")), ("m", M())));
        await Expect.ValidationAsync(
            () => UpdateAsync(new UpdateItemRequest
            {
                TableName = table,
                Key = Key("a"),
                UpdateExpression = "SET m.#missing.#leaf = :v",
                ExpressionAttributeNames = new() { ["#missing"] = "missing", ["#leaf"] = "leaf" },
                ExpressionAttributeValues = new() { [":v"] = N(1) },
            }),
            "The document path provided in the update expression is invalid for update");
    }

    [Fact]
    public async Task REMOVE_of_missing_attributes_and_list_positions_changes_nothing()
    {
        var table = await CreateTableAsync();
        var item = Item(("pk", S("a")), ("l", L(S("x"))));
        await PutAsync(table, item);

        await UpdateAsync(table, "REMOVE nothing, l[5]");

        Expect.Item(item, await GetAsync(table, Key("a")));
    }

    [Fact]
    public async Task Attribute_names_substitute_in_every_clause()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Item(("pk", S("a")), ("name", S("old")), ("size", N(1)), ("year", S("gone"))));

        await UpdateAsync(new UpdateItemRequest
        {
            TableName = table,
            Key = Key("a"),
            UpdateExpression = "SET #n = :n ADD #s :one REMOVE #y",
            ExpressionAttributeNames = new() { ["#n"] = "name", ["#s"] = "size", ["#y"] = "year" },
            ExpressionAttributeValues = new() { [":n"] = S("new"), [":one"] = N(1) },
        });

        Expect.Item(Item(("pk", S("a")), ("name", S("new")), ("size", N(2))), await GetAsync(table, Key("a")));
    }

    [Fact]
    public async Task ReturnValues_ALL_NEW_on_a_new_item_returns_the_key_and_the_set_attributes()
    {
        var table = await CreateTableAsync("S", "N");
        var response = await UpdateAsync(new UpdateItemRequest
        {
            TableName = table,
            Key = Key("a", N(7)),
            UpdateExpression = "SET v = :v",
            ExpressionAttributeValues = new() { [":v"] = L(S("x")) },
            ReturnValues = ReturnValue.ALL_NEW,
        });

        Expect.Item(Item(("pk", S("a")), ("sk", N(7)), ("v", L(S("x")))), response.Attributes);
    }

    [Theory]
    [InlineData("ADD ns :strings", "strings")]
    [InlineData("DELETE s :strings", "strings")]
    [InlineData("SET n = s + :one", "one")]
    [InlineData("SET l2 = list_append(s, :list)", "list")]
    public async Task Operands_of_the_wrong_type_for_the_stored_attribute_are_rejected(string expression, string value)
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Item(("pk", S("a")), ("ns", NS("1")), ("s", S("text"))));
        var values = new Dictionary<string, AttributeValue>
        {
            [":" + value] = value switch
            {
                "strings" => SS("x"),
                "one" => N(1),
                _ => L(S("x")),
            },
        };

        await Expect.ValidationAsync(
            () => UpdateAsync(new UpdateItemRequest { TableName = table, Key = Key("a"), UpdateExpression = expression, ExpressionAttributeValues = values }),
            "An operand in the update expression has an incorrect data type");
    }

    [Fact]
    public async Task Updating_a_key_attribute_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => UpdateAsync(table, "SET pk = :v", (":v", S("b"))),
            "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key");
    }

    [Fact]
    public async Task Updating_the_sort_key_is_rejected()
    {
        var table = await CreateTableAsync("S", "S");
        await Expect.ValidationAsync(
            () => UpdateAsync(new UpdateItemRequest
            {
                TableName = table,
                Key = Key("a", S("1")),
                UpdateExpression = "SET sk = :v",
                ExpressionAttributeValues = new() { [":v"] = S("2") },
            }),
            "One or more parameter values were invalid: Cannot update attribute sk. This attribute is part of the key");
    }

    public static TheoryData<string, string?> ReturnValuesCases => new()
    {
        { "NONE", null },
        { "ALL_OLD", "{\"a\":N(1),\"b\":S\"old\",\"c\":N(3),\"pk\":S\"a\",}" },
        { "UPDATED_OLD", "{\"a\":N(1),\"b\":S\"old\",}" },
        { "ALL_NEW", "{\"a\":N(2),\"b\":S\"new\",\"c\":N(3),\"d\":S\"added\",\"pk\":S\"a\",}" },
        { "UPDATED_NEW", "{\"a\":N(2),\"b\":S\"new\",\"d\":S\"added\",}" },
    };

    [Theory]
    [MemberData(nameof(ReturnValuesCases))]
    public async Task ReturnValues_returns_the_requested_image(string returnValues, string? expected)
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Item(("pk", S("a")), ("a", N(1)), ("b", S("old")), ("c", N(3))));

        var response = await UpdateAsync(new UpdateItemRequest
        {
            TableName = table,
            Key = Key("a"),
            UpdateExpression = "SET a = a + :one, b = :new, d = :added",
            ExpressionAttributeValues = new() { [":one"] = N(1), [":new"] = S("new"), [":added"] = S("added") },
            ReturnValues = ReturnValue.FindValue(returnValues),
        });

        if (expected is null)
        {
            Assert.Null(response.Attributes);
        }
        else
        {
            Assert.Equal(expected, Expect.Render(response.Attributes));
        }
    }

    [Fact]
    public async Task ReturnValues_UPDATED_OLD_on_a_new_item_returns_nothing()
    {
        var table = await CreateTableAsync();
        var response = await UpdateAsync(new UpdateItemRequest
        {
            TableName = table,
            Key = Key("a"),
            UpdateExpression = "SET v = :v",
            ExpressionAttributeValues = new() { [":v"] = N(1) },
            ReturnValues = ReturnValue.UPDATED_OLD,
        });
        Assert.True(response.Attributes is null or { Count: 0 });
    }

    [Fact]
    public async Task ReturnValues_UPDATED_NEW_after_REMOVE_does_not_return_the_removed_attribute()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Item(("pk", S("a")), ("gone", S("x")), ("v", N(1))));

        var response = await UpdateAsync(new UpdateItemRequest
        {
            TableName = table,
            Key = Key("a"),
            UpdateExpression = "SET v = :v REMOVE gone",
            ExpressionAttributeValues = new() { [":v"] = N(2) },
            ReturnValues = ReturnValue.UPDATED_NEW,
        });

        Expect.Item(Item(("v", N(2))), response.Attributes);
    }

    [Fact]
    public async Task ReturnValues_UPDATED_OLD_returns_only_the_changed_nested_paths()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Item(("pk", S("a")), ("m", M(("x", N(1)), ("y", N(2))))));

        var response = await UpdateAsync(new UpdateItemRequest
        {
            TableName = table,
            Key = Key("a"),
            UpdateExpression = "SET m.x = :v",
            ExpressionAttributeValues = new() { [":v"] = N(10) },
            ReturnValues = ReturnValue.UPDATED_OLD,
        });

        Expect.Item(Item(("m", M(("x", N(1))))), response.Attributes);
    }

    [Fact]
    public async Task A_failing_ConditionExpression_leaves_the_item_unchanged()
    {
        var table = await CreateTableAsync();
        var original = Item(("pk", S("a")), ("v", N(1)));
        await PutAsync(table, original);

        await Expect.ConditionFailedAsync(() => UpdateAsync(new UpdateItemRequest
        {
            TableName = table,
            Key = Key("a"),
            UpdateExpression = "SET v = :new",
            ConditionExpression = "v = :expected",
            ExpressionAttributeValues = new() { [":new"] = N(3), [":expected"] = N(2) },
        }));

        Expect.Item(original, await GetAsync(table, Key("a")));
    }

    [Fact]
    public async Task A_passing_ConditionExpression_applies_the_update()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Item(("pk", S("a")), ("v", N(1))));

        await UpdateAsync(new UpdateItemRequest
        {
            TableName = table,
            Key = Key("a"),
            UpdateExpression = "SET v = :new",
            ConditionExpression = "v = :expected AND attribute_exists(pk)",
            ExpressionAttributeValues = new() { [":new"] = N(3), [":expected"] = N(1) },
        });

        Expect.Item(Item(("pk", S("a")), ("v", N(3))), await GetAsync(table, Key("a")));
    }

    [Fact]
    public async Task ReturnValuesOnConditionCheckFailure_ALL_OLD_puts_the_item_in_the_exception()
    {
        var table = await CreateTableAsync();
        var original = Item(("pk", S("a")), ("v", N(1)), ("m", M(("x", S("y")))));
        await PutAsync(table, original);

        var ex = await Expect.ConditionFailedAsync(() => UpdateAsync(new UpdateItemRequest
        {
            TableName = table,
            Key = Key("a"),
            UpdateExpression = "SET v = :v",
            ConditionExpression = "attribute_not_exists(v)",
            ExpressionAttributeValues = new() { [":v"] = N(2) },
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        }));

        Expect.Item(original, ex.Item);
    }

    [Fact]
    public async Task A_condition_on_a_missing_item_fails_and_creates_nothing()
    {
        var table = await CreateTableAsync();

        var ex = await Expect.ConditionFailedAsync(() => UpdateAsync(new UpdateItemRequest
        {
            TableName = table,
            Key = Key("a"),
            UpdateExpression = "SET v = :v",
            ConditionExpression = "attribute_exists(pk)",
            ExpressionAttributeValues = new() { [":v"] = N(2) },
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        }));

        Assert.True(ex.Item is null or { Count: 0 });
        Assert.Null(await GetAsync(table, Key("a")));
    }

    [Fact]
    public async Task UpdateItem_with_a_key_that_does_not_match_the_schema_is_rejected()
    {
        var table = await CreateTableAsync("S", "N");
        await Expect.ValidationAsync(
            () => UpdateAsync(table, "SET v = :v", (":v", N(1))),
            "The provided key element does not match the schema");
    }

    [Fact]
    public async Task UpdateItem_on_a_missing_table_fails_with_ResourceNotFoundException()
    {
        await Expect.ResourceNotFoundAsync(() => UpdateAsync(UniqueName("missing"), "SET v = :v", (":v", N(1))));
    }

    [Fact]
    public async Task An_empty_UpdateExpression_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(() => UpdateAsync(table, ""), "Invalid UpdateExpression: The expression can not be empty;");
    }

    [Fact]
    public async Task A_syntax_error_in_the_UpdateExpression_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => UpdateAsync(table, "INVALID SYNTAX HERE", (":v", S("val"))),
            "Invalid UpdateExpression: Syntax error; token: \"INVALID\", near: \"INVALID SYNTAX\"");
    }

    [Fact]
    public async Task An_undefined_value_in_the_UpdateExpression_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => UpdateAsync(table, "SET v = :v"),
            "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :v");
    }

    [Fact]
    public async Task An_undefined_value_in_the_ConditionExpression_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => UpdateAsync(new UpdateItemRequest
            {
                TableName = table,
                Key = Key("a"),
                UpdateExpression = "SET b = :w",
                ConditionExpression = "a = :v",
                ExpressionAttributeValues = new() { [":w"] = S("x") },
            }),
            "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v");
    }

    [Fact]
    public async Task Unused_values_across_update_and_condition_are_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => UpdateAsync(table, "SET v = :v", (":v", N(1)), (":unused", N(2))),
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}");
    }

    [Fact]
    public async Task Two_actions_on_the_same_path_are_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => UpdateAsync(table, "SET a = :v, a = :w", (":v", N(1)), (":w", N(2))),
            "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]");
    }

    [Fact]
    public async Task ADD_and_DELETE_of_the_same_set_in_one_expression_are_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => UpdateAsync(table, "ADD ss :more DELETE ss :less", (":more", SS("z")), (":less", SS("y"))),
            "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [ss], path two: [ss]");
    }

    [Fact]
    public async Task Arithmetic_on_a_missing_attribute_is_rejected()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Key("a"));
        await Expect.ValidationStartingWithAsync(
            () => UpdateAsync(table, "SET v = v + :one", (":one", N(1))),
            "The provided expression refers to an attribute that does not exist in the item");
    }

    [Fact]
    public async Task ADD_to_an_attribute_of_another_type_is_rejected()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Item(("pk", S("a")), ("v", S("text"))));
        await Expect.ValidationAsync(
            () => UpdateAsync(table, "ADD v :one", (":one", N(1))),
            "An operand in the update expression has an incorrect data type");
    }

    [Fact]
    public async Task ADD_with_a_string_operand_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationStartingWithAsync(
            () => UpdateAsync(table, "ADD v :s", (":s", S("x"))),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING");
    }

    [Fact]
    public async Task UpdateExpression_and_AttributeUpdates_cannot_be_combined()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => UpdateAsync(new UpdateItemRequest
            {
                TableName = table,
                Key = Key("a"),
                UpdateExpression = "SET v = :v",
                ExpressionAttributeValues = new() { [":v"] = S("x") },
                AttributeUpdates = new() { ["v"] = new AttributeValueUpdate { Action = AttributeAction.PUT, Value = S("x") } },
            }),
            "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}");
    }

    [Fact]
    public async Task Growing_an_item_past_400_KB_is_rejected()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, SizedItem("a", 300 * 1024));
        await Expect.ValidationAsync(
            () => UpdateAsync(table, "SET more = :v", (":v", S(Text(200 * 1024)))),
            "Item size to update has exceeded the maximum allowed size");
    }

    [Fact]
    public async Task An_update_of_a_small_item_costs_one_write_unit()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Item(("pk", S("a")), ("v", N(1))));
        var response = await UpdateAsync(new UpdateItemRequest
        {
            TableName = table,
            Key = Key("a"),
            UpdateExpression = "SET v = :v",
            ExpressionAttributeValues = new() { [":v"] = N(2) },
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        });
        Expect.Capacity(1, table, response.ConsumedCapacity);
    }

    [Fact]
    public async Task An_update_costs_the_larger_of_the_item_before_and_after()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, SizedItem("a", 2049));

        var shrink = await UpdateAsync(new UpdateItemRequest
        {
            TableName = table,
            Key = Key("a"),
            UpdateExpression = "SET fill = :v",
            ExpressionAttributeValues = new() { [":v"] = S("x") },
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        });
        Expect.Capacity(3, table, shrink.ConsumedCapacity);

        var grow = await UpdateAsync(new UpdateItemRequest
        {
            TableName = table,
            Key = Key("a"),
            UpdateExpression = "SET fill = :v",
            ExpressionAttributeValues = new() { [":v"] = S(Text(5000)) },
            ReturnConsumedCapacity = ReturnConsumedCapacity.INDEXES,
        });
        Expect.CapacityWithTable(5, table, grow.ConsumedCapacity);
    }

    [Fact]
    public async Task An_update_creating_an_item_costs_one_write_unit()
    {
        var table = await CreateTableAsync();
        var response = await UpdateAsync(new UpdateItemRequest
        {
            TableName = table,
            Key = Key("a"),
            UpdateExpression = "SET v = :v",
            ExpressionAttributeValues = new() { [":v"] = N(1) },
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        });
        Expect.Capacity(1, table, response.ConsumedCapacity);
    }
}
