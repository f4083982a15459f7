using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace Basalt.Api.Tests.Robustness;

/// <summary>
/// Thousands of mutated and truncated requests all get a DynamoDB answer (a 4xx error with a known
/// <c>__type</c>, or 200 when the mutation happens to be valid), never a 5xx or a dropped connection,
/// and the server answers correctly afterwards.
/// </summary>
public sealed class MalformedRequestTests
{
    private const int Seed = 20240601;
    private const int Requests = 3000;
    private const int InvalidUtf8Requests = 300;
    private const int MaxReported = 15;

    private const string Authorization =
        "AWS4-HMAC-SHA256 Credential=fuzz/20240601/us-east-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
        + "Signature=0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Error types DynamoDB answers with (the part of <c>__type</c> after '#').</summary>
    private static readonly HashSet<string> DynamoDbErrors =
    [
        "ValidationException", "SerializationException", "UnknownOperationException", "ResourceNotFoundException",
        "ResourceInUseException", "ConditionalCheckFailedException", "MissingAuthenticationTokenException",
        "IncompleteSignatureException", "InvalidSignatureException", "UnrecognizedClientException", "AccessDeniedException",
        "LimitExceededException", "ItemCollectionSizeLimitExceededException", "ProvisionedThroughputExceededException",
        "RequestLimitExceeded", "ThrottlingException", "TransactionConflictException", "DuplicateItemException",
        "InvalidEndpointException",
    ];

    [Fact]
    public Task MutatedRequestsGetDynamoDbErrorsAndTheServerStillWorks() =>
        FuzzAsync(Requests, request => Utf8.IsValid(request.Body), expectSomeSuccess: true);

    [Fact]
    public Task BodiesWithInvalidUtf8GetDynamoDbErrors() =>
        FuzzAsync(InvalidUtf8Requests, request => !Utf8.IsValid(request.Body), expectSomeSuccess: false);

    /// <summary>Sends <paramref name="count"/> mutated requests (those <paramref name="select"/> keeps) and checks every answer.</summary>
    private static async Task FuzzAsync(int count, Func<FuzzRequest, bool> select, bool expectSomeSuccess)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await BasaltServer.StartAsync(new BasaltServerOptions { Port = 0, InMemory = true }, ct);
        using var http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(60) };
        await SendAsync(http, new FuzzRequest("DynamoDB_20120810.CreateTable", "application/x-amz-json-1.0", true, Encoding.UTF8.GetBytes(ValidRequests.CreateFuzzTable), "create fuzz table"), ct);

        var mutator = new RequestMutator(Seed);
        var statuses = new Dictionary<int, int>();
        var failures = new List<string>();
        var failed = 0;
        for (var i = 0; i < count;)
        {
            var request = mutator.Next();
            if (!select(request))
            {
                continue;
            }

            i++;
            string? problem;
            try
            {
                var (status, body) = await SendAsync(http, request, ct);
                statuses[(int)status] = statuses.GetValueOrDefault((int)status) + 1;
                problem = Check(status, body);
            }
            catch (HttpRequestException error)
            {
                problem = $"dropped connection: {error.Message}";
            }

            if (problem is not null)
            {
                failed++;
                if (failures.Count < MaxReported)
                {
                    failures.Add($"request {i}: {request.Description}\n  {problem}\n  body: {Preview(request.Body)}");
                }
            }
        }

        Assert.True(failed == 0, $"{failed} of {count} requests (seed {Seed}) got an answer DynamoDB would not give; the first {failures.Count}:\n" + string.Join("\n", failures));
        Assert.True(statuses.Keys.Any(s => s >= 400), "no request was rejected: the mutations do not mutate");
        Assert.True(!expectSomeSuccess || statuses.GetValueOrDefault(200) > 0, "no request succeeded: the valid seeds are not valid");
        await AssertServerStillWorksAsync(server.Url, ct);
    }

    /// <summary>Null when the response is one DynamoDB could give, else what is wrong with it.</summary>
    private static string? Check(HttpStatusCode status, string body)
    {
        var code = (int)status;
        if (code == 404 && body == "<UnknownOperationException/>\n")
        {
            return null; // DynamoDB's answer to a body with a content type it does not serve
        }

        if (code != 200 && code is < 400 or > 499)
        {
            return $"status {code}: {body}";
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return $"status {code} with a body that is not JSON: {body}";
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return $"status {code} with a JSON body that is not an object: {body}";
            }

            if (code == 200)
            {
                return null;
            }

            if (!document.RootElement.TryGetProperty("__type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                return $"status {code} without __type: {body}";
            }

            var name = type.GetString()!;
            var hash = name.IndexOf('#', StringComparison.Ordinal);
            var errorCode = hash < 0 ? name : name[(hash + 1)..];
            return DynamoDbErrors.Contains(errorCode) && (hash < 0 || name.StartsWith("com.amazon", StringComparison.Ordinal))
                ? null
                : $"status {code} with __type '{name}', not a DynamoDB error: {body}";
        }
    }

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient http, FuzzRequest request, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/");
        var content = new ByteArrayContent(request.Body);
        content.Headers.ContentType = request.ContentType is null ? null : MediaTypeHeaderValue.Parse(request.ContentType);
        message.Content = content;
        if (request.Target is not null)
        {
            message.Headers.TryAddWithoutValidation("X-Amz-Target", request.Target);
        }

        message.Headers.TryAddWithoutValidation("X-Amz-Date", "20240601T000000Z");
        if (request.Signed)
        {
            message.Headers.TryAddWithoutValidation("Authorization", Authorization);
        }

        using var response = await http.SendAsync(message, ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    private static async Task AssertServerStillWorksAsync(Uri url, CancellationToken ct)
    {
        using var client = new AmazonDynamoDBClient(
            new BasicAWSCredentials("after", "fuzz"),
            new AmazonDynamoDBConfig { ServiceURL = url.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        await client.CreateTableAsync(
            new CreateTableRequest
            {
                TableName = "after-fuzz",
                KeySchema = [new KeySchemaElement("id", KeyType.HASH)],
                AttributeDefinitions = [new AttributeDefinition("id", ScalarAttributeType.S)],
                BillingMode = BillingMode.PAY_PER_REQUEST,
            },
            ct);
        await client.PutItemAsync(
            new PutItemRequest { TableName = "after-fuzz", Item = new() { ["id"] = new() { S = "still" }, ["v"] = new() { N = "42" } } }, ct);
        var got = await client.GetItemAsync(
            new GetItemRequest { TableName = "after-fuzz", Key = new() { ["id"] = new() { S = "still" } }, ConsistentRead = true }, ct);
        Assert.Equal("42", got.Item["v"].N);
        var fuzz = await client.DescribeTableAsync(ValidRequests.Table, ct);
        Assert.Equal(ValidRequests.Table, fuzz.Table.TableName);
    }

    private static string Preview(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        return text.Length <= 600 ? text : text[..600] + $"... ({body.Length} bytes)";
    }
}
