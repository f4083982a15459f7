using Amazon.DynamoDBv2.Model;
using Basalt.Api.Auth;
using DynamoDbException = Basalt.Model.DynamoDbException;

namespace Basalt.Api.Tests.Auth;

/// <summary>Requests signed by the AWS SDK for .NET itself verify with the right secret and only with it.</summary>
public sealed class SdkSignedRequestTests
{
    private const string AccessKey = "AKIABASALTTEST000001";
    private const string Secret = "c2VjcmV0LWZvci10ZXN0cy1vbmx5/abc+def=ghijklmn";

    [Fact]
    public async Task SdkSignedListTablesVerifiesAndNamesTheRegion()
    {
        var request = await CaptureAsync((client, ct) => client.ListTablesAsync(new ListTablesRequest(), ct), "eu-west-3");

        var identity = AuthenticatorAt(request, $"{AccessKey} {Secret}").Authenticate(request);

        Assert.Equal(new CallerIdentity(AccessKey, "eu-west-3"), identity);
    }

    [Fact]
    public async Task SdkSignedPutItemWithUnicodeBodyVerifies()
    {
        var put = new PutItemRequest
        {
            TableName = "Tabelle-ü",
            Item = new() { ["pk"] = new AttributeValue { S = "schlüssel \u1234 \U0001F600" }, ["n"] = new AttributeValue { N = "1.5E+3" } },
        };
        var request = await CaptureAsync((client, ct) => client.PutItemAsync(put, ct), "us-east-1");

        var identity = AuthenticatorAt(request, $"{AccessKey} {Secret}").Authenticate(request);

        Assert.Equal("us-east-1", identity.Region);
        Assert.Contains(request.Headers, h => h.Key.Equals("X-Amz-Target", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task SdkRequestSignedWithAnotherSecretIsAnInvalidSignature()
    {
        var request = await CaptureAsync((client, ct) => client.ListTablesAsync(new ListTablesRequest(), ct), "us-east-1");

        var error = Assert.Throws<DynamoDbException>(
            () => AuthenticatorAt(request, $"{AccessKey} not-the-secret").Authenticate(request));

        Assert.Equal("InvalidSignatureException", error.ErrorCode);
        Assert.Equal(
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
            error.Message);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task SdkRequestWithAnUnknownAccessKeyIsAnUnrecognizedClient()
    {
        var request = await CaptureAsync((client, ct) => client.ListTablesAsync(new ListTablesRequest(), ct), "us-east-1");

        var error = Assert.Throws<DynamoDbException>(
            () => AuthenticatorAt(request, "AKIASOMEBODYELSE0001 x").Authenticate(request));

        Assert.Equal("UnrecognizedClientException", error.ErrorCode);
        Assert.Equal("The security token included in the request is invalid.", error.Message);
    }

    [Fact]
    public async Task SdkRequestWithATamperedBodyIsAnInvalidSignature()
    {
        var put = new PutItemRequest { TableName = "t", Item = new() { ["pk"] = new AttributeValue { S = "a" } } };
        var request = await CaptureAsync((client, ct) => client.PutItemAsync(put, ct), "us-east-1");
        var body = request.Body.ToArray();
        body[Array.IndexOf(body, (byte)'a')] = (byte)'b';

        var error = Assert.Throws<DynamoDbException>(
            () => AuthenticatorAt(request, $"{AccessKey} {Secret}").Authenticate(request with { Body = body }));

        Assert.Equal("InvalidSignatureException", error.ErrorCode);
    }

    [Fact]
    public async Task SdkRequestIsAcceptedWithoutCredentialsWhateverTheKey()
    {
        var request = await CaptureAsync((client, ct) => client.ListTablesAsync(new ListTablesRequest(), ct), "local");

        var identity = new SigV4Authenticator(null, TimeProvider.System).Authenticate(request);

        Assert.Equal(new CallerIdentity(AccessKey, "local"), identity);
    }

    private static async Task<SignedRequest> CaptureAsync(
        Func<Amazon.DynamoDBv2.AmazonDynamoDBClient, CancellationToken, Task> call, string region)
    {
        var capture = new SdkRequestCapture();
        using var client = SdkRequestCapture.Client(capture, AccessKey, Secret, region);
        await call(client, TestContext.Current.CancellationToken);
        return capture.Captured ?? throw new InvalidOperationException("the SDK sent nothing");
    }

    /// <summary>An authenticator whose clock reads the time the SDK signed at.</summary>
    private static SigV4Authenticator AuthenticatorAt(SignedRequest request, string credentials)
    {
        var amzDate = request.Headers.First(h => h.Key.Equals("X-Amz-Date", StringComparison.OrdinalIgnoreCase)).Value;
        Assert.True(AmzDate.TryParseBasic(amzDate, out var signedAt));
        return new SigV4Authenticator(CredentialStore.Parse(credentials), new FixedClock(signedAt.AddSeconds(30)));
    }
}
