using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Basalt.Api.Tests.Clients;

/// <summary>
/// Real third-party DynamoDB clients, unchanged, against a real Basalt server over HTTP: the AWS
/// CLI (botocore, the library under boto3), the AWS SDK for JavaScript v3, and dynamodb-admin.
/// </summary>
public sealed class ClientCompatibilityTests : IAsyncLifetime
{
    private BasaltServer _server = null!;

    public async ValueTask InitializeAsync() =>
        _server = await BasaltServer.StartAsync(new BasaltServerOptions { Port = 0, InMemory = true }, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private Dictionary<string, string> AwsEnvironment => new()
    {
        ["AWS_ACCESS_KEY_ID"] = "AKIDCLI",
        ["AWS_SECRET_ACCESS_KEY"] = "secret",
        ["AWS_DEFAULT_REGION"] = "us-east-1",
        ["AWS_PAGER"] = string.Empty,
        ["AWS_MAX_ATTEMPTS"] = "1",
    };

    [Fact]
    public async Task AwsCli_CreatesWritesReadsQueriesAndDeletes()
    {
        var aws = ExternalTool.FindOnPath("aws");
        ExternalTool.RequireOrSkip(aws is not null, "The AWS CLI");
        var ct = TestContext.Current.CancellationToken;

        async Task<JsonElement> Aws(params string[] args)
        {
            var (code, output, error) = await ExternalTool.RunAsync(
                aws!, ["dynamodb", "--endpoint-url", _server.Url.ToString(), "--output", "json", .. args], AwsEnvironment, null, ct);
            Assert.True(code == 0, $"aws {string.Join(' ', args)} failed ({code}): {error}");
            return string.IsNullOrWhiteSpace(output) ? default : JsonDocument.Parse(output).RootElement.Clone();
        }

        var created = await Aws("create-table", "--table-name", "Music",
            "--attribute-definitions", "AttributeName=Artist,AttributeType=S", "AttributeName=Song,AttributeType=S",
            "--key-schema", "AttributeName=Artist,KeyType=HASH", "AttributeName=Song,KeyType=RANGE",
            "--billing-mode", "PAY_PER_REQUEST");
        Assert.Equal("Music", created.GetProperty("TableDescription").GetProperty("TableName").GetString());
        await Aws("put-item", "--table-name", "Music", "--item", """{"Artist":{"S":"Nina Simone"},"Song":{"S":"Sinnerman"},"Year":{"N":"1965"}}""");
        await Aws("put-item", "--table-name", "Music", "--item", """{"Artist":{"S":"Nina Simone"},"Song":{"S":"Feeling Good"},"Year":{"N":"1965.0"}}""");
        var item = await Aws("get-item", "--table-name", "Music", "--key", """{"Artist":{"S":"Nina Simone"},"Song":{"S":"Feeling Good"}}""");
        Assert.Equal("1965", item.GetProperty("Item").GetProperty("Year").GetProperty("N").GetString());
        var updated = await Aws("update-item", "--table-name", "Music", "--key", """{"Artist":{"S":"Nina Simone"},"Song":{"S":"Sinnerman"}}""",
            "--update-expression", "ADD Plays :one", "--expression-attribute-values", """{":one":{"N":"1"}}""", "--return-values", "ALL_NEW");
        Assert.Equal("1", updated.GetProperty("Attributes").GetProperty("Plays").GetProperty("N").GetString());
        var query = await Aws("query", "--table-name", "Music", "--key-condition-expression", "Artist = :a",
            "--expression-attribute-values", """{":a":{"S":"Nina Simone"}}""");
        Assert.Equal(2, query.GetProperty("Count").GetInt32());
        Assert.Equal("Feeling Good", query.GetProperty("Items")[0].GetProperty("Song").GetProperty("S").GetString());
        var tables = await Aws("list-tables");
        Assert.Equal("Music", tables.GetProperty("TableNames")[0].GetString());
        await Aws("delete-table", "--table-name", "Music");

        var (code, _, error) = await ExternalTool.RunAsync(aws!, ["dynamodb", "--endpoint-url", _server.Url.ToString(), "describe-table", "--table-name", "Music"], AwsEnvironment, null, ct);
        Assert.NotEqual(0, code);
        Assert.Contains("ResourceNotFoundException", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JavaScriptSdkV3_RoundTripsThroughEveryCoreOperation()
    {
        var node = ExternalTool.FindOnPath("node");
        var sdk = Path.Combine(ExternalTool.ClientsDirectory, "node_modules", "@aws-sdk", "client-dynamodb");
        ExternalTool.RequireOrSkip(node is not null && Directory.Exists(sdk), "The AWS SDK for JavaScript v3 (test/clients)");
        var ct = TestContext.Current.CancellationToken;

        var (code, output, error) = await ExternalTool.RunAsync(
            node!, ["js-sdk-smoke.mjs", _server.Url.ToString().TrimEnd('/'), "JsTable"], null, ExternalTool.ClientsDirectory, ct);

        Assert.True(code == 0, $"js-sdk-smoke failed ({code}): {error}{output}");
        var result = JsonDocument.Parse(output).RootElement;
        Assert.Equal("héllo ✓", result.GetProperty("value").GetString());
        Assert.Equal("1", result.GetProperty("count").GetString());
        Assert.Equal("ConditionalCheckFailedException", result.GetProperty("conditionError").GetString());
        Assert.Equal(["10", "9", "8"], result.GetProperty("querySortKeys").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.True(result.GetProperty("queryHasMore").GetBoolean());
        Assert.Equal(10, result.GetProperty("scanCount").GetInt32());
    }

    [Fact]
    public async Task DynamoDbAdmin_ListsTheServersTables()
    {
        var node = ExternalTool.FindOnPath("node");
        var bin = Path.Combine(ExternalTool.ClientsDirectory, "node_modules", ".bin", "dynamodb-admin");
        ExternalTool.RequireOrSkip(node is not null && File.Exists(bin), "dynamodb-admin (test/clients)");
        var ct = TestContext.Current.CancellationToken;
        using (var client = Server.ServerClient.For(_server))
        {
            await client.CreateTableAsync(new Amazon.DynamoDBv2.Model.CreateTableRequest
            {
                TableName = "AdminVisible",
                KeySchema = [new("id", Amazon.DynamoDBv2.KeyType.HASH)],
                AttributeDefinitions = [new("id", Amazon.DynamoDBv2.ScalarAttributeType.S)],
                BillingMode = Amazon.DynamoDBv2.BillingMode.PAY_PER_REQUEST,
            }, ct);
            await client.PutItemAsync("AdminVisible", new() { ["id"] = new() { S = "row-1" } }, ct);
        }

        var port = FreePort();
        var start = new System.Diagnostics.ProcessStartInfo(bin)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--host");
        start.ArgumentList.Add("127.0.0.1");
        start.ArgumentList.Add("--dynamo-endpoint");
        start.ArgumentList.Add(_server.Url.ToString().TrimEnd('/'));
        using var process = System.Diagnostics.Process.Start(start)!;
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            string? page = null;
            while (page is null)
            {
                try
                {
                    page = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/"), ct);
                }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
                {
                    await Task.Yield();
                    await WaitBriefly(ct);
                }
            }

            Assert.Contains("AdminVisible", page, StringComparison.Ordinal);
            var items = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/tables/AdminVisible/items"), ct);
            Assert.Contains("row-1", items, StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(ct);
        }
    }

    // Poll interval for a process-level readiness check (a poll with a deadline, not a timing assertion).
    private static Task WaitBriefly(CancellationToken ct) => Task.Delay(TimeSpan.FromMilliseconds(100), ct);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
