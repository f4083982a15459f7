using Amazon.DynamoDBv2.Model;

namespace Basalt.Api.Tests.Conformance;

/// <summary>The tests of one class run one after another on their own server, so ListTables sees only this class's tables.</summary>
public sealed class ListTablesTests(BasaltFixture fixture) : ConformanceTest(fixture)
{
    private async Task<List<string>> CreateTablesAsync(string prefix, int count)
    {
        var names = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var name = $"{prefix}-{i:D2}";
            await CreateTableAsync(new CreateTableRequest
            {
                TableName = name,
                BillingMode = Amazon.DynamoDBv2.BillingMode.PAY_PER_REQUEST,
                KeySchema = [new KeySchemaElement("pk", Amazon.DynamoDBv2.KeyType.HASH)],
                AttributeDefinitions = [new AttributeDefinition("pk", Amazon.DynamoDBv2.ScalarAttributeType.S)],
            });
            names.Add(name);
        }

        return names;
    }

    private async Task<List<string>> ListAllAsync(int? limit)
    {
        var all = new List<string>();
        string? start = null;
        do
        {
            var page = await Ddb.ListTablesAsync(new ListTablesRequest { Limit = limit, ExclusiveStartTableName = start }, Ct);
            if (limit is not null)
            {
                Assert.True(page.TableNames.Count <= limit);
            }

            all.AddRange(page.TableNames ?? []);
            start = page.LastEvaluatedTableName;
        }
        while (start is not null);
        return all;
    }

    [Fact]
    public async Task ListTables_returns_every_table_in_name_order()
    {
        var names = await CreateTablesAsync(UniqueName("all"), 4);

        var listed = (await Ddb.ListTablesAsync(new ListTablesRequest(), Ct)).TableNames;

        Assert.Equal(listed.Order(StringComparer.Ordinal), listed);
        Assert.Equal(names, listed.Where(n => names.Contains(n)));
    }

    [Fact]
    public async Task ListTables_pages_with_Limit_and_LastEvaluatedTableName()
    {
        var names = await CreateTablesAsync(UniqueName("page"), 7);

        var firstPage = await Ddb.ListTablesAsync(new ListTablesRequest { Limit = 2 }, Ct);
        Assert.Equal(2, firstPage.TableNames.Count);
        Assert.Equal(firstPage.TableNames[^1], firstPage.LastEvaluatedTableName);

        var paged = await ListAllAsync(2);
        var unpaged = (await Ddb.ListTablesAsync(new ListTablesRequest(), Ct)).TableNames;
        Assert.Equal(unpaged, paged);
        Assert.Equal(names, paged.Where(n => names.Contains(n)));
    }

    [Fact]
    public async Task ListTables_starts_after_ExclusiveStartTableName()
    {
        var prefix = UniqueName("start");
        var names = await CreateTablesAsync(prefix, 5);

        var page = await Ddb.ListTablesAsync(new ListTablesRequest { ExclusiveStartTableName = names[1], Limit = 2 }, Ct);

        Assert.Equal([names[2], names[3]], page.TableNames);
        Assert.Equal(names[3], page.LastEvaluatedTableName);
    }

    [Fact]
    public async Task ListTables_accepts_an_ExclusiveStartTableName_that_is_not_a_table()
    {
        var prefix = UniqueName("gap");
        var names = await CreateTablesAsync(prefix, 3);

        var page = await Ddb.ListTablesAsync(new ListTablesRequest { ExclusiveStartTableName = names[0] + "-between" }, Ct);

        Assert.Equal([names[1], names[2]], page.TableNames.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)));
        Assert.DoesNotContain(names[0], page.TableNames);
    }

    [Fact]
    public async Task ListTables_has_no_LastEvaluatedTableName_on_the_last_page()
    {
        await CreateTablesAsync(UniqueName("last"), 2);
        var all = (await Ddb.ListTablesAsync(new ListTablesRequest(), Ct)).TableNames;
        Assert.True(all.Count < 100);

        var response = await Ddb.ListTablesAsync(new ListTablesRequest { Limit = 100 }, Ct);

        Assert.Null(response.LastEvaluatedTableName);
        Assert.Equal(all, response.TableNames);
    }

    [Fact]
    public async Task ListTables_does_not_list_a_deleted_table()
    {
        var names = await CreateTablesAsync(UniqueName("del"), 2);
        await Ddb.DeleteTableAsync(names[0], Ct);

        for (var attempt = 0; attempt < 500; attempt++)
        {
            var listed = (await Ddb.ListTablesAsync(new ListTablesRequest(), Ct)).TableNames;
            if (!listed.Contains(names[0]))
            {
                Assert.Contains(names[1], listed);
                return;
            }

            await Task.Yield(); // Basalt answers at once; the bounded loop only guards against a regression
        }

        Assert.Fail("The deleted table is still listed");
    }

    [Theory]
    [InlineData(0, "greater than or equal to 1")]
    [InlineData(101, "less than or equal to 100")]
    [InlineData(-5, "greater than or equal to 1")]
    public async Task ListTables_rejects_a_Limit_outside_1_to_100(int limit, string constraint)
    {
        await Expect.ValidationAsync(
            () => Ddb.ListTablesAsync(new ListTablesRequest { Limit = limit }, Ct),
            $"Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value {constraint}");
    }

    [Fact]
    public async Task ListTables_rejects_an_invalid_ExclusiveStartTableName()
    {
        var invalid = string.Join(' ', "a", "b");
        await Expect.ValidationAsync(
            () => Ddb.ListTablesAsync(new ListTablesRequest { ExclusiveStartTableName = invalid }, Ct),
            "Value 'a b' at 'exclusiveStartTableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
    }
}
