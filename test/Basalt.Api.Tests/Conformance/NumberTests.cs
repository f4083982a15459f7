using Amazon.DynamoDBv2.Model;
using static Basalt.Api.Tests.Conformance.Av;

namespace Basalt.Api.Tests.Conformance;

/// <summary>DynamoDB numbers: 38 significant digits, magnitude 1E-130 to 9.99…E+125, normalised when read back.</summary>
public sealed class NumberTests(BasaltFixture fixture) : ConformanceTest(fixture)
{
    private const string ThirtyEightNines = "99999999999999999999999999999999999999";

    [Theory]
    [InlineData("1.0", "1")]
    [InlineData("0001", "1")]
    [InlineData("1.50", "1.5")]
    [InlineData("-00.100", "-0.1")]
    [InlineData("0.0", "0")]
    [InlineData("-0", "0")]
    [InlineData("1e2", "100")]
    [InlineData("1E+2", "100")]
    [InlineData("1E-5", "0.00001")]
    [InlineData("12.3e-1", "1.23")]
    [InlineData("-56.789", "-56.789")]
    [InlineData("0000012345678901234567890123456789012345678", "12345678901234567890123456789012345678")]
    [InlineData("-00001.23456789012345678901234567890123456780000", "-1.2345678901234567890123456789012345678")]
    public async Task Numbers_are_returned_in_normal_form(string written, string read)
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Item(("pk", S("a")), ("n", N(written))));

        var item = await GetAsync(table, Key("a"));

        Assert.Equal(read, item!["n"].N);
    }

    [Fact]
    public async Task The_largest_and_smallest_magnitudes_round_trip()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Item(
            ("pk", S("a")),
            ("max", N("9.9999999999999999999999999999999999999E+125")),
            ("min", N("-9.9999999999999999999999999999999999999E+125")),
            ("tiny", N("1E-130")),
            ("negtiny", N("-1E-130"))));

        var item = await GetAsync(table, Key("a"));

        Assert.Equal(ThirtyEightNines + new string('0', 88), item!["max"].N);
        Assert.Equal("-" + ThirtyEightNines + new string('0', 88), item["min"].N);
        Assert.Equal("0." + new string('0', 129) + "1", item["tiny"].N);
        Assert.Equal("-0." + new string('0', 129) + "1", item["negtiny"].N);
    }

    [Fact]
    public async Task Trailing_zeros_beyond_38_digits_are_not_significant()
    {
        var table = await CreateTableAsync();
        var value = "1" + new string('0', 60);
        await PutAsync(table, Item(("pk", S("a")), ("n", N(value))));
        Assert.Equal(value, (await GetAsync(table, Key("a")))!["n"].N);
    }

    [Theory]
    [InlineData("123456789012345678901234567890123456789")]
    [InlineData("-1.23456789012345678901234567890123456789")]
    [InlineData("1.00000000000000000000000000000000000001")]
    public async Task More_than_38_significant_digits_are_rejected(string value)
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => PutAsync(table, Item(("pk", S("a")), ("n", N(value)))),
            "Attempting to store more than 38 significant digits in a Number");
    }

    [Theory]
    [InlineData("1E+126")]
    [InlineData("-1E+126")]
    [InlineData("1e200")]
    public async Task Numbers_too_large_in_magnitude_overflow(string value)
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => PutAsync(table, Item(("pk", S("a")), ("n", N(value)))),
            "Number overflow. Attempting to store a number with magnitude larger than supported range");
    }

    [Theory]
    [InlineData("1E-131")]
    [InlineData("-1E-131")]
    [InlineData("0.5e-130")]
    public async Task Numbers_too_small_in_magnitude_underflow(string value)
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => PutAsync(table, Item(("pk", S("a")), ("n", N(value)))),
            "Number underflow. Attempting to store a number with magnitude smaller than supported range");
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1.2.3")]
    [InlineData("--1")]
    [InlineData("")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    public async Task Strings_that_are_not_numbers_are_rejected(string value)
    {
        var table = await CreateTableAsync();
        await Expect.ValidationContainingAsync(
            () => PutAsync(table, Item(("pk", S("a")), ("n", N(value)))),
            "The parameter cannot be converted to a numeric value");
    }

    [Fact]
    public async Task Number_set_members_are_normalised()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Item(("pk", S("a")), ("ns", NS("1.0", "02", "3e1", "-0.50"))));

        var item = await GetAsync(table, Key("a"));

        Assert.Equal(["-0.5", "1", "2", "30"], item!["ns"].NS.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_invalid_member_of_a_number_set_is_rejected()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationContainingAsync(
            () => PutAsync(table, Item(("pk", S("a")), ("ns", NS("1", "x")))),
            "The parameter cannot be converted to a numeric value");
    }

    [Theory]
    [InlineData("1", "1.0")]
    [InlineData("100", "1e2")]
    [InlineData("-0.5", "-0.50")]
    [InlineData("0", "-0")]
    public async Task Numerically_equal_keys_address_the_same_item(string written, string lookedUp)
    {
        var table = await CreateTableAsync("N");
        await PutAsync(table, Item(("pk", N(written)), ("v", S("x"))));

        var response = await Ddb.GetItemAsync(new GetItemRequest { TableName = table, Key = Item(("pk", N(lookedUp))), ConsistentRead = true }, Ct);

        Assert.NotNull(response.Item);
        Assert.Equal("x", response.Item["v"].S);
    }

    [Fact]
    public async Task Number_comparisons_are_numeric_not_textual()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Item(("pk", S("a")), ("n", N(10))));

        await Ddb.PutItemAsync(new PutItemRequest
        {
            TableName = table,
            Item = Item(("pk", S("a")), ("n", N(11))),
            ConditionExpression = "n > :nine AND n = :ten",
            ExpressionAttributeValues = new() { [":nine"] = N(9), [":ten"] = N("1E1") },
        }, Ct);
    }

    [Fact]
    public async Task Arithmetic_keeps_38_digits_exactly()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Item(("pk", S("a")), ("n", N("0.1"))));

        await Ddb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table,
            Key = Key("a"),
            UpdateExpression = "SET n = n + :x",
            ExpressionAttributeValues = new() { [":x"] = N("0.2") },
        }, Ct);

        Assert.Equal("0.3", (await GetAsync(table, Key("a")))!["n"].N);
    }

    [Fact]
    public async Task Arithmetic_that_overflows_is_rejected()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Item(("pk", S("a")), ("n", N("9.9999999999999999999999999999999999999E+125"))));

        await Expect.ValidationAsync(
            () => Ddb.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = table,
                Key = Key("a"),
                UpdateExpression = "SET n = n + :x",
                ExpressionAttributeValues = new() { [":x"] = N("9.9999999999999999999999999999999999999E+125") },
            }, Ct),
            "Number overflow. Attempting to store a number with magnitude larger than supported range");
    }
}
