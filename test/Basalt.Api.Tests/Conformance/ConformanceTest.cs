using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Basalt.Api.Tests.Conformance;

/// <summary>
/// Base of every conformance test class: the shared server, the SDK client and table helpers.
/// Each test creates its own uniquely named tables, so classes can run in parallel.
/// </summary>
public abstract class ConformanceTest(BasaltFixture fixture) : IClassFixture<BasaltFixture>
{
    private static int counter;

    protected BasaltFixture Fixture { get; } = fixture;

    protected AmazonDynamoDBClient Ddb => Fixture.Client;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A table name no other test uses: letters, digits, '-' only.</summary>
    protected static string UniqueName(string hint) =>
        $"{hint}-{Interlocked.Increment(ref counter)}-{Guid.NewGuid():N}"[..Math.Min(hint.Length + 20, 255)];

    /// <summary>Creates an on-demand table with partition key <paramref name="pk"/> (and sort key if given) and waits for ACTIVE.</summary>
    protected async Task<string> CreateTableAsync(
        string hashType = "S",
        string? rangeType = null,
        string pk = "pk",
        string sk = "sk",
        string hint = "t")
    {
        var name = UniqueName(hint);
        var request = new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            KeySchema = [new KeySchemaElement(pk, KeyType.HASH)],
            AttributeDefinitions = [new AttributeDefinition(pk, new ScalarAttributeType(hashType))],
        };
        if (rangeType is not null)
        {
            request.KeySchema.Add(new KeySchemaElement(sk, KeyType.RANGE));
            request.AttributeDefinitions.Add(new AttributeDefinition(sk, new ScalarAttributeType(rangeType)));
        }

        await Ddb.CreateTableAsync(request, Ct);
        await WaitForActiveAsync(name);
        return name;
    }

    /// <summary>Creates a table from a full request and waits for ACTIVE.</summary>
    protected async Task<CreateTableResponse> CreateTableAsync(CreateTableRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await Ddb.CreateTableAsync(request, Ct);
        await WaitForActiveAsync(request.TableName);
        return response;
    }

    /// <summary>Polls DescribeTable until the table is ACTIVE (Basalt normally is at once).</summary>
    protected async Task<TableDescription> WaitForActiveAsync(string tableName)
    {
        for (var attempt = 0; ; attempt++)
        {
            var table = (await Ddb.DescribeTableAsync(tableName, Ct)).Table;
            if (table.TableStatus == TableStatus.ACTIVE || attempt >= 500)
            {
                Assert.Equal(TableStatus.ACTIVE, table.TableStatus);
                return table;
            }

            await Task.Yield(); // Basalt answers at once; the bounded loop only guards against a regression
        }
    }

    protected Task PutAsync(string table, Dictionary<string, AttributeValue> item) =>
        Ddb.PutItemAsync(new PutItemRequest { TableName = table, Item = item }, Ct);

    protected async Task PutAllAsync(string table, IEnumerable<Dictionary<string, AttributeValue>> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
        {
            await PutAsync(table, item);
        }
    }

    /// <summary>Strongly consistent GetItem; null when the item does not exist.</summary>
    protected async Task<Dictionary<string, AttributeValue>?> GetAsync(string table, Dictionary<string, AttributeValue> key)
    {
        var response = await Ddb.GetItemAsync(new GetItemRequest { TableName = table, Key = key, ConsistentRead = true }, Ct);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    /// <summary>Every item of a table, through paged strongly consistent Scans.</summary>
    protected async Task<List<Dictionary<string, AttributeValue>>> ScanAllAsync(string table)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await Ddb.ScanAsync(new ScanRequest { TableName = table, ExclusiveStartKey = start, ConsistentRead = true }, Ct);
            items.AddRange(page.Items ?? []);
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
        return items;
    }
}
