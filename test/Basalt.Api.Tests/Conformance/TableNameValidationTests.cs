using Amazon.DynamoDBv2.Model;
using static Basalt.Api.Tests.Conformance.Av;

namespace Basalt.Api.Tests.Conformance;

/// <summary>Every operation validates the TableName parameter the same way, before looking the table up.</summary>
public sealed class TableNameValidationTests(BasaltFixture fixture) : ConformanceTest(fixture)
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var operation in new[] { "GetItem", "PutItem", "DeleteItem", "UpdateItem", "Query", "Scan", "DescribeTable", "DeleteTable" })
        {
            data.Add(operation, "too-long");
            data.Add(operation, "bad-characters");
        }

        return data;
    }

    private Task Call(string operation, string table) => operation switch
    {
        "GetItem" => Ddb.GetItemAsync(new GetItemRequest { TableName = table, Key = Key("a") }, Ct),
        "PutItem" => Ddb.PutItemAsync(new PutItemRequest { TableName = table, Item = Key("a") }, Ct),
        "DeleteItem" => Ddb.DeleteItemAsync(new DeleteItemRequest { TableName = table, Key = Key("a") }, Ct),
        "UpdateItem" => Ddb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table,
            Key = Key("a"),
            UpdateExpression = "SET v = :v",
            ExpressionAttributeValues = new() { [":v"] = N(1) },
        }, Ct),
        "Query" => Ddb.QueryAsync(new QueryRequest
        {
            TableName = table,
            KeyConditionExpression = "pk = :p",
            ExpressionAttributeValues = new() { [":p"] = S("a") },
        }, Ct),
        "Scan" => Ddb.ScanAsync(new ScanRequest { TableName = table }, Ct),
        "DescribeTable" => Ddb.DescribeTableAsync(table, Ct),
        _ => Ddb.DeleteTableAsync(table, Ct),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task An_invalid_table_name_is_rejected_with_the_constraint_it_breaks(string operation, string shape)
    {
        var (table, constraint) = shape == "too-long"
            ? (new string('a', 256), "Member must have length less than or equal to 255")
            : ("bad table!", "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");

        await Expect.ValidationAsync(
            () => Call(operation, table),
            $"Value '{table}' at 'tableName' failed to satisfy constraint: {constraint}");
    }

    [Fact]
    public async Task A_missing_table_name_is_rejected()
    {
        using var http = new HttpClient();
        using var response = await http.SendAsync(RawRequest.Create(Fixture.Url, "DynamoDB_20120810.PutItem", "{\"Item\":{\"pk\":{\"S\":\"a\"}}}"), Ct);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.EndsWith("#ValidationException", json.RootElement.GetProperty("__type").GetString(), StringComparison.Ordinal);
        Assert.Equal(
            "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null",
            json.RootElement.GetProperty("message").GetString());
    }
}
