using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Basalt.Api.Tests.ServerProcesses;

namespace Basalt.Api.Tests.Auth;

/// <summary>A server with a credentials file accepts the SDK with the right secret and rejects everything else as DynamoDB does.</summary>
public sealed class AuthEndToEndTests : IDisposable
{
    private const string AccessKey = "AKIABASALTE2E0000001";
    private const string Secret = "e2e/secret+value=0123456789abcdefghij";
    private const string SignatureMismatch =
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    private readonly string _credentialsFile = Path.Combine(Path.GetTempPath(), "basalt-auth-" + Guid.NewGuid().ToString("N"));

    public AuthEndToEndTests() =>
        File.WriteAllText(_credentialsFile, $"# test credentials\n{AccessKey} {Secret}\nAKIAOTHERKEY00000002 other-secret\n");

    [Fact]
    public async Task TheRightSecretIsAcceptedAndTablesAreNamespacedByRegion()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartAsync(ct);
        using var east = Client(server.Url, AccessKey, Secret, "us-east-1");
        using var west = Client(server.Url, AccessKey, Secret, "eu-west-1");

        await east.CreateTableAsync(
            new CreateTableRequest
            {
                TableName = "auth-e2e",
                KeySchema = [new KeySchemaElement("id", KeyType.HASH)],
                AttributeDefinitions = [new AttributeDefinition("id", ScalarAttributeType.S)],
                BillingMode = BillingMode.PAY_PER_REQUEST,
            },
            ct);

        Assert.Contains("auth-e2e", (await east.ListTablesAsync(new ListTablesRequest(), ct)).TableNames);
        Assert.DoesNotContain("auth-e2e", (await west.ListTablesAsync(new ListTablesRequest(), ct)).TableNames ?? []);
    }

    [Fact]
    public async Task AWrongSecretIsAnInvalidSignature()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartAsync(ct);
        using var client = Client(server.Url, AccessKey, "not-the-secret", "us-east-1");

        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.ListTablesAsync(new ListTablesRequest(), ct));

        Assert.Equal("InvalidSignatureException", error.ErrorCode);
        Assert.Equal(SignatureMismatch, error.Message);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task AnUnknownAccessKeyIsAnUnrecognizedClient()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartAsync(ct);
        using var client = Client(server.Url, "AKIANOBODY0000000000", Secret, "us-east-1");

        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.ListTablesAsync(new ListTablesRequest(), ct));

        Assert.Equal("UnrecognizedClientException", error.ErrorCode);
        Assert.Equal("The security token included in the request is invalid.", error.Message);
    }

    [Fact]
    public async Task AnUnsignedRequestIsMissingItsAuthenticationToken()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartAsync(ct);
        using var http = new HttpClient { BaseAddress = server.Url };
        using var content = new StringContent("{}", Encoding.UTF8);
        content.Headers.ContentType = new("application/x-amz-json-1.0");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = content };
        request.Headers.Add("X-Amz-Target", "DynamoDB_20120810.ListTables");

        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            """{"__type":"com.amazon.coral.service#MissingAuthenticationTokenException","message":"Request is missing Authentication Token"}""",
            body);
    }

    [Fact]
    public async Task ServeWithAuthFileVerifiesSignatures()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await BasaltProcess.StartInMemoryAsync(ct, "--auth", _credentialsFile);
        Assert.EndsWith("(in-memory)", server.ReadyLine, StringComparison.Ordinal);
        using var good = Client(server.Url, AccessKey, Secret, "us-east-1");
        using var bad = Client(server.Url, AccessKey, "wrong", "us-east-1");

        Assert.Equal(System.Net.HttpStatusCode.OK, (await good.ListTablesAsync(new ListTablesRequest(), ct)).HttpStatusCode);
        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => bad.ListTablesAsync(new ListTablesRequest(), ct));
        Assert.Equal("InvalidSignatureException", error.ErrorCode);
        Assert.Equal(0, await server.StopAsync(TimeSpan.FromSeconds(60)));
    }

    public void Dispose() => File.Delete(_credentialsFile);

    private Task<BasaltServer> StartAsync(CancellationToken ct) =>
        BasaltServer.StartAsync(new BasaltServerOptions { Port = 0, InMemory = true, AuthFile = _credentialsFile }, ct);

    private static AmazonDynamoDBClient Client(Uri url, string accessKey, string secret, string region) => new(
        new BasicAWSCredentials(accessKey, secret),
        new AmazonDynamoDBConfig { ServiceURL = url.ToString(), AuthenticationRegion = region, MaxErrorRetry = 0 });
}
