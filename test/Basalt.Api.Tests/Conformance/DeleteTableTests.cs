using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using static Basalt.Api.Tests.Conformance.Av;

namespace Basalt.Api.Tests.Conformance;

public sealed class DeleteTableTests(BasaltFixture fixture) : ConformanceTest(fixture)
{
    [Fact]
    public async Task DeleteTable_returns_the_description_with_status_DELETING()
    {
        var name = await CreateTableAsync("S", "N");

        var table = (await Ddb.DeleteTableAsync(name, Ct)).TableDescription;

        Assert.Equal(name, table.TableName);
        Assert.Equal(TableStatus.DELETING, table.TableStatus);
        Assert.Equal(["pk:HASH", "sk:RANGE"], table.KeySchema.Select(k => $"{k.AttributeName}:{k.KeyType.Value}"));
    }

    [Fact]
    public async Task A_deleted_table_cannot_be_described()
    {
        var name = await CreateTableAsync();
        await Ddb.DeleteTableAsync(name, Ct);

        for (var attempt = 0; attempt < 500; attempt++)
        {
            try
            {
                var status = (await Ddb.DescribeTableAsync(name, Ct)).Table.TableStatus;
                Assert.Equal(TableStatus.DELETING, status);
            }
            catch (ResourceNotFoundException ex)
            {
                Assert.Equal($"Requested resource not found: Table: {name} not found", ex.Message);
                return;
            }

            await Task.Yield(); // Basalt answers at once; the bounded loop only guards against a regression
        }

        Assert.Fail("The table was never deleted");
    }

    [Fact]
    public async Task DeleteTable_of_a_missing_table_fails_with_ResourceNotFoundException()
    {
        var name = UniqueName("missing");
        await Expect.TableNotFoundAsync(() => Ddb.DeleteTableAsync(name, Ct), name);
    }

    [Fact]
    public async Task Item_operations_on_a_deleted_table_fail_with_ResourceNotFoundException()
    {
        var name = await CreateTableAsync();
        await PutAsync(name, Key("a"));
        await Ddb.DeleteTableAsync(name, Ct);
        await WaitUntilGoneAsync(name);

        await Expect.ResourceNotFoundAsync(() => Ddb.GetItemAsync(name, Key("a"), Ct));
        await Expect.ResourceNotFoundAsync(() => Ddb.PutItemAsync(name, Key("b"), Ct));
    }

    [Fact]
    public async Task DeleteTable_twice_fails_the_second_time()
    {
        var name = await CreateTableAsync();
        await Ddb.DeleteTableAsync(name, Ct);
        await WaitUntilGoneAsync(name);

        await Expect.TableNotFoundAsync(() => Ddb.DeleteTableAsync(name, Ct), name);
    }

    [Fact]
    public async Task DeleteTable_leaves_other_tables_and_their_items_alone()
    {
        var doomed = await CreateTableAsync();
        var kept = await CreateTableAsync();
        await PutAsync(doomed, Key("same"));
        await PutAsync(kept, Item(("pk", S("same")), ("v", N(1))));

        await Ddb.DeleteTableAsync(doomed, Ct);
        await WaitUntilGoneAsync(doomed);

        Expect.Item(Item(("pk", S("same")), ("v", N(1))), await GetAsync(kept, Key("same")));
    }

    [Fact]
    public async Task DeleteTable_with_an_invalid_name_is_a_validation_error()
    {
        await Expect.ErrorAsync(() => Ddb.DeleteTableAsync("x", Ct), "ValidationException");
    }

    private async Task WaitUntilGoneAsync(string name)
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            try
            {
                await Ddb.DescribeTableAsync(name, Ct);
            }
            catch (ResourceNotFoundException)
            {
                return;
            }

            await Task.Yield(); // Basalt answers at once; the bounded loop only guards against a regression
        }

        Assert.Fail($"Table {name} was not deleted");
    }
}
