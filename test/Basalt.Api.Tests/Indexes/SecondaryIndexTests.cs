using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Basalt.Api.Tests.Indexes;

public sealed class SecondaryIndexTests(IndexFixture fixture) : IClassFixture<IndexFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AmazonDynamoDBClient Db => fixture.Client;

    private static Dictionary<string, AttributeValue> Order(string customer, int order, string? date = null, string? status = null, string? email = null, string? name = null)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["customer"] = new() { S = customer },
            ["order"] = new() { N = order.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["total"] = new() { N = "9.5" },
        };
        if (date is not null) item["date"] = new() { S = date };
        if (status is not null) item["status"] = new() { S = status };
        if (email is not null) item["email"] = new() { S = email };
        if (name is not null) item["name"] = new() { S = name };
        return item;
    }

    [Fact]
    public async Task DescribeTable_ReportsBothKindsOfIndex()
    {
        var table = await fixture.CreateOrdersTableAsync();
        await Db.PutItemAsync(table, Order("c1", 1, "2024-01-01", "OPEN", "a@x", "Ann"), Ct);

        var description = (await Db.DescribeTableAsync(table, Ct)).Table;

        var lsi = Assert.Single(description.LocalSecondaryIndexes);
        Assert.Equal("by-date", lsi.IndexName);
        Assert.Equal(ProjectionType.KEYS_ONLY, lsi.Projection.ProjectionType);
        Assert.Equal(1, lsi.ItemCount);
        Assert.Equal(2, description.GlobalSecondaryIndexes.Count);
        var byEmail = description.GlobalSecondaryIndexes.Single(g => g.IndexName == "by-email");
        Assert.Equal(IndexStatus.ACTIVE, byEmail.IndexStatus);
        Assert.Equal(["name"], byEmail.Projection.NonKeyAttributes);
        Assert.EndsWith($"table/{table}/index/by-email", byEmail.IndexArn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GlobalIndex_QueryFollowsPutsUpdatesAndDeletes()
    {
        var table = await fixture.CreateOrdersTableAsync();
        await Db.PutItemAsync(table, Order("c1", 1, "2024-01-03", "OPEN"), Ct);
        await Db.PutItemAsync(table, Order("c2", 1, "2024-01-01", "OPEN"), Ct);
        await Db.PutItemAsync(table, Order("c3", 1, "2024-01-02", "SHIPPED"), Ct);
        await Db.PutItemAsync(table, Order("c4", 1), Ct); // sparse: no status, not in the index

        async Task<List<string>> OpenCustomers() => (await Db.QueryAsync(new QueryRequest
        {
            TableName = table,
            IndexName = "by-status",
            KeyConditionExpression = "#s = :s",
            ExpressionAttributeNames = new() { ["#s"] = "status" },
            ExpressionAttributeValues = new() { [":s"] = new() { S = "OPEN" } },
        }, Ct)).Items.Select(i => i["customer"].S).ToList();

        Assert.Equal(["c2", "c1"], await OpenCustomers());

        await Db.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table,
            Key = new() { ["customer"] = new() { S = "c3" }, ["order"] = new() { N = "1" } },
            UpdateExpression = "SET #s = :s",
            ExpressionAttributeNames = new() { ["#s"] = "status" },
            ExpressionAttributeValues = new() { [":s"] = new() { S = "OPEN" } },
        }, Ct);
        Assert.Equal(["c2", "c3", "c1"], await OpenCustomers());

        await Db.DeleteItemAsync(table, new() { ["customer"] = new() { S = "c2" }, ["order"] = new() { N = "1" } }, Ct);
        Assert.Equal(["c3", "c1"], await OpenCustomers());
    }

    [Fact]
    public async Task KeysOnlyProjection_ReturnsTableAndIndexKeysOnly()
    {
        var table = await fixture.CreateOrdersTableAsync();
        await Db.PutItemAsync(table, Order("c1", 7, "2024-02-02", "OPEN", "a@x", "Ann"), Ct);

        var result = await Db.QueryAsync(new QueryRequest
        {
            TableName = table,
            IndexName = "by-status",
            KeyConditionExpression = "#s = :s AND #d BETWEEN :a AND :b",
            ExpressionAttributeNames = new() { ["#s"] = "status", ["#d"] = "date" },
            ExpressionAttributeValues = new() { [":s"] = new() { S = "OPEN" }, [":a"] = new() { S = "2024-02-01" }, [":b"] = new() { S = "2024-02-28" } },
        }, Ct);

        var item = Assert.Single(result.Items);
        Assert.Equal(["customer", "date", "order", "status"], item.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task IncludeProjection_CarriesTheNamedAttributes()
    {
        var table = await fixture.CreateOrdersTableAsync();
        await Db.PutItemAsync(table, Order("c1", 7, "2024-02-02", "OPEN", "ann@x", "Ann"), Ct);

        var result = await Db.QueryAsync(new QueryRequest
        {
            TableName = table,
            IndexName = "by-email",
            KeyConditionExpression = "email = :e",
            ExpressionAttributeValues = new() { [":e"] = new() { S = "ann@x" } },
        }, Ct);

        var item = Assert.Single(result.Items);
        Assert.Equal("Ann", item["name"].S);
        Assert.False(item.ContainsKey("total"));
    }

    [Fact]
    public async Task LocalIndex_OrdersByTheIndexSortKey_AndFetchesUnprojectedAttributes()
    {
        var table = await fixture.CreateOrdersTableAsync();
        await Db.PutItemAsync(table, Order("c1", 1, "2024-03-03"), Ct);
        await Db.PutItemAsync(table, Order("c1", 2, "2024-03-01"), Ct);
        await Db.PutItemAsync(table, Order("c1", 3, "2024-03-02"), Ct);

        var byDate = await Db.QueryAsync(new QueryRequest
        {
            TableName = table,
            IndexName = "by-date",
            KeyConditionExpression = "customer = :c AND #d >= :d",
            ExpressionAttributeNames = new() { ["#d"] = "date" },
            ExpressionAttributeValues = new() { [":c"] = new() { S = "c1" }, [":d"] = new() { S = "2024-03-02" } },
            Select = Select.ALL_ATTRIBUTES,
        }, Ct);

        Assert.Equal(["3", "1"], byDate.Items.Select(i => i["order"].N));
        Assert.All(byDate.Items, i => Assert.Equal("9.5", i["total"].N));
    }

    [Fact]
    public async Task IndexPaging_ReassemblesEveryEntryExactlyOnce()
    {
        var table = await fixture.CreateOrdersTableAsync();
        for (var i = 0; i < 25; i++)
        {
            await Db.PutItemAsync(table, Order("c" + (i % 5), i, "2024-04-" + (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture), "OPEN"), Ct);
        }

        var seen = new List<string>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await Db.QueryAsync(new QueryRequest
            {
                TableName = table,
                IndexName = "by-status",
                KeyConditionExpression = "#s = :s",
                ExpressionAttributeNames = new() { ["#s"] = "status" },
                ExpressionAttributeValues = new() { [":s"] = new() { S = "OPEN" } },
                Limit = 4,
                ExclusiveStartKey = start,
            }, Ct);
            seen.AddRange(page.Items.Select(i => i["customer"].S + "/" + i["order"].N));
            start = page.LastEvaluatedKey is { Count: > 0 } ? page.LastEvaluatedKey : null;
        }
        while (start is not null);

        Assert.Equal(25, seen.Count);
        Assert.Equal(25, seen.Distinct().Count());
    }

    [Fact]
    public async Task IndexKeyOfTheWrongType_IsRejectedOnWrite()
    {
        var table = await fixture.CreateOrdersTableAsync();
        var item = Order("c1", 1);
        item["status"] = new AttributeValue { N = "5" };

        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => Db.PutItemAsync(table, item, Ct));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Equal("One or more parameter values were invalid: Type mismatch for Index Key status Expected: S Actual: N IndexName: by-status", error.Message);
        Assert.Null((await Db.GetItemAsync(table, new() { ["customer"] = new() { S = "c1" }, ["order"] = new() { N = "1" } }, Ct)).Item is { Count: > 0 } ? "written" : null);
    }

    [Fact]
    public async Task ItemCollectionMetrics_AreReportedForTablesWithLocalIndexes()
    {
        var table = await fixture.CreateOrdersTableAsync();
        var response = await Db.PutItemAsync(new PutItemRequest
        {
            TableName = table,
            Item = Order("c9", 1, "2024-05-05"),
            ReturnItemCollectionMetrics = ReturnItemCollectionMetrics.SIZE,
        }, Ct);

        Assert.Equal("c9", response.ItemCollectionMetrics.ItemCollectionKey["customer"].S);
        Assert.Equal([0.0, 1.0], response.ItemCollectionMetrics.SizeEstimateRangeGB);
    }

    [Fact]
    public async Task BatchWriteItem_ReportsOneMetricPerItemCollectionWritten()
    {
        var table = await fixture.CreateOrdersTableAsync();
        var response = await Db.BatchWriteItemAsync(new BatchWriteItemRequest
        {
            RequestItems = new()
            {
                [table] = [new(new PutRequest(Order("a", 1))), new(new PutRequest(Order("a", 2))), new(new PutRequest(Order("b", 1)))],
            },
            ReturnItemCollectionMetrics = ReturnItemCollectionMetrics.SIZE,
        }, Ct);

        var metrics = response.ItemCollectionMetrics[table];
        Assert.Equal(["a", "b"], metrics.Select(m => m.ItemCollectionKey["customer"].S).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ConsistentRead_OnAGlobalIndex_IsRejected()
    {
        var table = await fixture.CreateOrdersTableAsync();
        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => Db.QueryAsync(new QueryRequest
        {
            TableName = table,
            IndexName = "by-email",
            KeyConditionExpression = "email = :e",
            ExpressionAttributeValues = new() { [":e"] = new() { S = "x" } },
            ConsistentRead = true,
        }, Ct));
        Assert.Equal("Consistent reads are not supported on global secondary indexes", error.Message);
    }

    [Fact]
    public async Task UnknownIndex_IsRejected()
    {
        var table = await fixture.CreateOrdersTableAsync();
        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => Db.ScanAsync(new ScanRequest { TableName = table, IndexName = "nope" }, Ct));
        Assert.Equal("The table does not have the specified index: nope", error.Message);
    }

    [Fact]
    public async Task ScanOfAGlobalIndex_SeesOnlyItemsWithTheIndexKey()
    {
        var table = await fixture.CreateOrdersTableAsync();
        await Db.PutItemAsync(table, Order("c1", 1, email: "a@x"), Ct);
        await Db.PutItemAsync(table, Order("c2", 1), Ct);
        await Db.PutItemAsync(table, Order("c3", 1, email: "b@x"), Ct);

        var scan = await Db.ScanAsync(new ScanRequest { TableName = table, IndexName = "by-email" }, Ct);

        Assert.Equal(2, scan.Count);
        Assert.Equal(["a@x", "b@x"], scan.Items.Select(i => i["email"].S).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task LocalIndex_OnATableWithoutSortKey_IsRejected()
    {
        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => Db.CreateTableAsync(new CreateTableRequest
        {
            TableName = fixture.NewTableName(),
            KeySchema = [new("pk", KeyType.HASH)],
            AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("x", ScalarAttributeType.S)],
            BillingMode = BillingMode.PAY_PER_REQUEST,
            LocalSecondaryIndexes = [new() { IndexName = "lsi", KeySchema = [new("pk", KeyType.HASH), new("x", KeyType.RANGE)], Projection = new() { ProjectionType = ProjectionType.ALL } }],
        }, Ct));
        Assert.Equal("One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex", error.Message);
    }
}

public sealed class GlobalIndexUpdateTests(IndexFixture fixture) : IClassFixture<IndexFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreatingAGlobalIndex_BackfillsExistingItems_ThenBecomesActive()
    {
        var db = fixture.Client;
        var table = fixture.NewTableName();
        await db.CreateTableAsync(new CreateTableRequest
        {
            TableName = table,
            KeySchema = [new("id", KeyType.HASH)],
            AttributeDefinitions = [new("id", ScalarAttributeType.S)],
            BillingMode = BillingMode.PAY_PER_REQUEST,
        }, Ct);
        for (var i = 0; i < 600; i++)
        {
            var item = new Dictionary<string, AttributeValue> { ["id"] = new() { S = "item-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
            if (i % 3 == 0)
            {
                item["colour"] = new() { S = i % 2 == 0 ? "red" : "blue" };
            }

            await db.PutItemAsync(table, item, Ct);
        }

        var update = await db.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = table,
            AttributeDefinitions = [new("colour", ScalarAttributeType.S)],
            GlobalSecondaryIndexUpdates =
            [
                new() { Create = new() { IndexName = "by-colour", KeySchema = [new("colour", KeyType.HASH)], Projection = new() { ProjectionType = ProjectionType.ALL } } },
            ],
        }, Ct);
        Assert.Contains(update.TableDescription.GlobalSecondaryIndexes, g => g.IndexName == "by-colour");

        await fixture.Server.Database.BackfillsCompleted.WaitAsync(Ct);

        var described = (await db.DescribeTableAsync(table, Ct)).Table;
        var index = Assert.Single(described.GlobalSecondaryIndexes);
        Assert.Equal(IndexStatus.ACTIVE, index.IndexStatus);
        Assert.Equal(200, index.ItemCount);
        var red = await db.QueryAsync(new QueryRequest
        {
            TableName = table,
            IndexName = "by-colour",
            KeyConditionExpression = "colour = :c",
            ExpressionAttributeValues = new() { [":c"] = new() { S = "red" } },
        }, Ct);
        Assert.Equal(100, red.Count);

        await db.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = table,
            GlobalSecondaryIndexUpdates = [new() { Delete = new() { IndexName = "by-colour" } }],
        }, Ct);
        Assert.Empty((await db.DescribeTableAsync(table, Ct)).Table.GlobalSecondaryIndexes ?? []);
        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => db.ScanAsync(new ScanRequest { TableName = table, IndexName = "by-colour" }, Ct));
        Assert.Equal("The table does not have the specified index: by-colour", error.Message);
    }
}
