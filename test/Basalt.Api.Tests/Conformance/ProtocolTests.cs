using System.Globalization;
using System.IO.Hashing;
using System.Net;
using System.Text.Json;

namespace Basalt.Api.Tests.Conformance;

/// <summary>The DynamoDB JSON 1.0 wire protocol, checked with raw HTTP requests.</summary>
public sealed class ProtocolTests(BasaltFixture fixture) : ConformanceTest(fixture), IDisposable
{
    private readonly HttpClient http = new();

    public void Dispose() => http.Dispose();

    private Task<HttpResponseMessage> SendAsync(string? target, string body, bool sign = true) =>
        http.SendAsync(RawRequest.Create(Fixture.Url, target, body, sign), Ct);

    private static async Task<(string Type, string? Message)> ErrorOfAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var type = json.RootElement.GetProperty("__type").GetString()!;
        string? message = null;
        if (json.RootElement.TryGetProperty("message", out var m) || json.RootElement.TryGetProperty("Message", out m))
        {
            message = m.GetString();
        }

        return (type, message);
    }

    [Fact]
    public async Task Member_names_and_string_values_spelled_with_JSON_escapes_mean_what_they_unescape_to()
    {
        var table = await CreateTableAsync();

        // A string with escapes ("é", a quote, a backslash) and one without: both read back as their text.
        using (var put = await SendAsync("DynamoDB_20120810.PutItem",
            $$$$"""{"TableName":"{{{{table}}}}","Item":{"pk":{"S":"k"},"escaped":{"S":"a\u00e9\"\\b"},"plain":{"S":"é plain"}}}"""))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var item = await GetAsync(table, new() { ["pk"] = new("k") });
        Assert.Equal("aé\"\\b", item!["escaped"].S);
        Assert.Equal("é plain", item["plain"].S);

        // "ConditionExpression" with an escaped letter is still the condition, and it fails.
        using var conditional = await SendAsync("DynamoDB_20120810.PutItem",
            $$$$"""{"TableName":"{{{{table}}}}","Item":{"pk":{"S":"k"}},"Condition\u0045xpression":"attribute_not_exists(pk)"}""");
        Assert.Equal(HttpStatusCode.BadRequest, conditional.StatusCode);
        Assert.EndsWith("ConditionalCheckFailedException", (await ErrorOfAsync(conditional)).Type, StringComparison.Ordinal);
        Assert.Equal("é plain", (await GetAsync(table, new() { ["pk"] = new("k") }))!["plain"].S);
    }

    [Fact]
    public async Task ListTables_over_raw_HTTP_returns_JSON_with_the_DynamoDB_content_type()
    {
        using var response = await SendAsync("DynamoDB_20120810.ListTables", "{}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-amz-json-1.0", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(JsonValueKind.Array, json.RootElement.GetProperty("TableNames").ValueKind);
    }

    [Fact]
    public async Task Every_response_carries_a_request_id()
    {
        using var ok = await SendAsync("DynamoDB_20120810.ListTables", "{}");
        using var error = await SendAsync("DynamoDB_20120810.DescribeTable", "{\"TableName\":\"does-not-exist\"}");

        var first = Assert.Single(ok.Headers.GetValues("x-amzn-RequestId"));
        var second = Assert.Single(error.Headers.GetValues("x-amzn-RequestId"));
        Assert.False(string.IsNullOrWhiteSpace(first));
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Every_response_carries_the_CRC32_of_its_body()
    {
        foreach (var (target, body) in new[]
        {
            ("DynamoDB_20120810.ListTables", "{}"),
            ("DynamoDB_20120810.DescribeTable", "{\"TableName\":\"does-not-exist\"}"),
        })
        {
            using var response = await SendAsync(target, body);
            var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
            var crc = uint.Parse(Assert.Single(response.Headers.GetValues("x-amz-crc32")), CultureInfo.InvariantCulture);
            Assert.Equal(Crc32.HashToUInt32(bytes), crc);
        }
    }

    [Fact]
    public async Task An_unknown_operation_is_a_400_UnknownOperationException()
    {
        using var response = await SendAsync("DynamoDB_20120810.MakeCoffee", "{}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (type, _) = await ErrorOfAsync(response);
        Assert.EndsWith("#UnknownOperationException", type, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_target_of_another_service_version_is_an_UnknownOperationException()
    {
        using var response = await SendAsync("DynamoDB_20111205.ListTables", "{}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (type, _) = await ErrorOfAsync(response);
        Assert.EndsWith("#UnknownOperationException", type, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_JSON_is_a_400_SerializationException()
    {
        using var response = await SendAsync("DynamoDB_20120810.ListTables", "{\"Limit\": ");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (type, _) = await ErrorOfAsync(response);
        Assert.EndsWith("#SerializationException", type, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_of_the_wrong_JSON_type_is_a_400_SerializationException()
    {
        using var response = await SendAsync("DynamoDB_20120810.ListTables", "{\"Limit\": \"ten\"}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (type, _) = await ErrorOfAsync(response);
        Assert.EndsWith("#SerializationException", type, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_required_parameter_is_a_400_ValidationException()
    {
        using var response = await SendAsync("DynamoDB_20120810.DescribeTable", "{}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (type, message) = await ErrorOfAsync(response);
        Assert.EndsWith("#ValidationException", type, StringComparison.Ordinal);
        Assert.Equal("1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null", message);
    }

    [Fact]
    public async Task A_request_without_authorization_is_a_MissingAuthenticationTokenException()
    {
        using var response = await SendAsync("DynamoDB_20120810.ListTables", "{}", sign: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (type, message) = await ErrorOfAsync(response);
        Assert.EndsWith("#MissingAuthenticationTokenException", type, StringComparison.Ordinal);
        Assert.Equal("Request is missing Authentication Token", message);
    }

    [Fact]
    public async Task Error_types_use_the_DynamoDB_namespace()
    {
        using var response = await SendAsync("DynamoDB_20120810.DescribeTable", "{\"TableName\":\"does-not-exist\"}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (type, message) = await ErrorOfAsync(response);
        Assert.Equal("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", type);
        Assert.Equal("Requested resource not found: Table: does-not-exist not found", message);
    }
}
