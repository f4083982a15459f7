using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using static Basalt.Api.Tests.Conformance.Av;

namespace Basalt.Api.Tests.Conformance;

public sealed class DescribeTableTests(BasaltFixture fixture) : ConformanceTest(fixture)
{
    [Fact]
    public async Task DescribeTable_of_a_missing_table_fails_with_ResourceNotFoundException()
    {
        var name = UniqueName("missing");
        await Expect.TableNotFoundAsync(() => Ddb.DescribeTableAsync(name, Ct), name);
    }

    [Fact]
    public async Task DescribeTable_reports_every_field_of_an_active_table()
    {
        var name = await CreateTableAsync("S", "N");

        var table = (await Ddb.DescribeTableAsync(name, Ct)).Table;

        Assert.Equal(name, table.TableName);
        Assert.Equal(TableStatus.ACTIVE, table.TableStatus);
        Assert.Matches("^arn:aws:dynamodb:us-east-1:[0-9]{12}:table/" + System.Text.RegularExpressions.Regex.Escape(name) + "$", table.TableArn);
        Assert.True(Guid.TryParse(table.TableId, out _));
        Assert.True(table.CreationDateTime > new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(0, table.ItemCount);
        Assert.Equal(0, table.TableSizeBytes);
        Assert.Equal(["pk:HASH", "sk:RANGE"], table.KeySchema.Select(k => $"{k.AttributeName}:{k.KeyType.Value}"));
        Assert.Equal(["pk:S", "sk:N"], table.AttributeDefinitions.Select(d => $"{d.AttributeName}:{d.AttributeType.Value}").Order(StringComparer.Ordinal));
        Assert.Equal(BillingMode.PAY_PER_REQUEST, table.BillingModeSummary.BillingMode);
        Assert.NotNull(table.ProvisionedThroughput);
        Assert.Equal(0, table.ProvisionedThroughput.ReadCapacityUnits);
        Assert.Equal(0, table.ProvisionedThroughput.WriteCapacityUnits);
    }

    [Fact]
    public async Task DescribeTable_returns_the_same_identity_every_time()
    {
        var name = await CreateTableAsync();

        var first = (await Ddb.DescribeTableAsync(name, Ct)).Table;
        var second = (await Ddb.DescribeTableAsync(name, Ct)).Table;

        Assert.Equal(first.TableId, second.TableId);
        Assert.Equal(first.TableArn, second.TableArn);
        Assert.Equal(first.CreationDateTime, second.CreationDateTime);
    }

    [Fact]
    public async Task Different_tables_have_different_ids_and_arns()
    {
        var a = (await Ddb.DescribeTableAsync(await CreateTableAsync(), Ct)).Table;
        var b = (await Ddb.DescribeTableAsync(await CreateTableAsync(), Ct)).Table;

        Assert.NotEqual(a.TableId, b.TableId);
        Assert.NotEqual(a.TableArn, b.TableArn);
    }

    [Fact]
    public async Task ItemCount_counts_items_after_puts_and_deletes()
    {
        var name = await CreateTableAsync();
        for (var i = 0; i < 5; i++)
        {
            await PutAsync(name, Item(("pk", S($"k{i}")), ("v", S("value"))));
        }

        await PutAsync(name, Item(("pk", S("k0")), ("v", S("overwritten"))));
        await Ddb.DeleteItemAsync(name, Key("k1"), Ct);

        var table = (await Ddb.DescribeTableAsync(name, Ct)).Table;
        Assert.Equal(4, table.ItemCount);
    }

    [Fact]
    public async Task TableSizeBytes_is_the_total_size_of_the_items()
    {
        var name = await CreateTableAsync();
        var items = new[] { SizedItem("a", 100), SizedItem("b", 1000), SizedItem("c", 5000) };
        await PutAllAsync(name, items);

        var table = (await Ddb.DescribeTableAsync(name, Ct)).Table;

        Assert.Equal(3, table.ItemCount);
        // DynamoDB bills 100 bytes of indexing overhead per item for storage; the reported size is the items' size with or without it.
        Assert.Contains(table.TableSizeBytes, new long?[] { 6100, 6100 + (3 * 100) });
    }

    [Fact]
    public async Task TableSizeBytes_and_ItemCount_return_to_zero_when_every_item_is_deleted()
    {
        var name = await CreateTableAsync();
        await PutAllAsync(name, [SizedItem("a", 300), SizedItem("b", 700)]);
        await Ddb.DeleteItemAsync(name, Key("a"), Ct);
        await Ddb.DeleteItemAsync(name, Key("b"), Ct);

        var table = (await Ddb.DescribeTableAsync(name, Ct)).Table;
        Assert.Equal(0, table.ItemCount);
        Assert.Equal(0, table.TableSizeBytes);
    }

    [Fact]
    public async Task TableSizeBytes_follows_an_item_that_grows_and_shrinks()
    {
        var name = await CreateTableAsync();
        await PutAsync(name, SizedItem("a", 2000));
        var large = (await Ddb.DescribeTableAsync(name, Ct)).Table.TableSizeBytes;
        await PutAsync(name, SizedItem("a", 500));
        var small = (await Ddb.DescribeTableAsync(name, Ct)).Table.TableSizeBytes;

        Assert.Equal(1500, large - small);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("bad name!")]
    public async Task DescribeTable_with_an_invalid_name_is_a_validation_error(string name)
    {
        await Expect.ErrorAsync(() => Ddb.DescribeTableAsync(name, Ct), "ValidationException");
    }
}
