using System.Globalization;
using System.Net;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Basalt.Api.Auth;
using Basalt.Cli.Bench;

namespace Basalt.Cli.Tests.Bench;

/// <summary>The load generator's signer against AWS's test suite, the AWS SDK's signer and Basalt's verifier.</summary>
public sealed class SigV4SignerTests
{
    private const string SuiteAccessKey = "AKIDEXAMPLE";
    private const string SuiteSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    [Fact]
    public void PostVanillaFromTheAwsTestSuiteHasTheSuiteSignature()
    {
        var signer = new SigV4Signer(SuiteAccessKey, SuiteSecret, "us-east-1", "service");

        var signature = Sign(signer, "POST", "host:example.amazonaws.com\nx-amz-date:20150830T123600Z\n", "host;x-amz-date", "", "20150830T123600Z");

        Assert.Equal("5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b", signature);
    }

    [Fact]
    public void GetVanillaFromTheAwsTestSuiteHasTheSuiteSignature()
    {
        var signer = new SigV4Signer(SuiteAccessKey, SuiteSecret, "us-east-1", "service");

        var signature = Sign(signer, "GET", "host:example.amazonaws.com\nx-amz-date:20150830T123600Z\n", "host;x-amz-date", "", "20150830T123600Z");

        Assert.Equal("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", signature);
    }

    [Fact]
    public void SigningKeyIsRederivedWhenTheDayChanges()
    {
        var signer = new SigV4Signer(SuiteAccessKey, SuiteSecret, "us-east-1", "service");
        Sign(signer, "GET", "host:example.amazonaws.com\nx-amz-date:20150829T123600Z\n", "host;x-amz-date", "", "20150829T123600Z");

        var signature = Sign(signer, "GET", "host:example.amazonaws.com\nx-amz-date:20150830T123600Z\n", "host;x-amz-date", "", "20150830T123600Z");

        Assert.Equal("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", signature);
    }

    [Theory]
    [InlineData("us-east-1")]
    [InlineData("eu-central-1")]
    public async Task SignatureEqualsTheAwsSdkSignatureOfTheSameRequest(string region)
    {
        const string secret = "c2VjcmV0LWZvci10ZXN0cy1vbmx5/abc+def=ghijklmn";
        var capture = new CapturingHandler();
        using var client = new AmazonDynamoDBClient(new BasicAWSCredentials("AKIABENCH", secret), new AmazonDynamoDBConfig
        {
            ServiceURL = "http://localhost:8000",
            AuthenticationRegion = region,
            HttpClientFactory = new CaptureFactory(capture),
            MaxErrorRetry = 0,
        });
        await client.GetItemAsync(
            new GetItemRequest { TableName = "t", Key = new() { ["pk"] = new AttributeValue { S = "schlüssel" } } },
            TestContext.Current.CancellationToken);
        var (headers, body) = capture.Captured!.Value;

        var authorization = headers.Single(h => h.Key == "authorization").Value;
        var signedHeaders = Between(authorization, "SignedHeaders=", ",");
        var expected = authorization[(authorization.IndexOf("Signature=", StringComparison.Ordinal) + 10)..];
        var canonical = new StringBuilder();
        foreach (var name in signedHeaders.Split(';'))
        {
            var value = string.Join(',', headers.Where(h => h.Key == name).Select(h => string.Join(' ', h.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))));
            canonical.Append(CultureInfo.InvariantCulture, $"{name}:{value}\n");
        }

        var amzDate = headers.Single(h => h.Key == "x-amz-date").Value;
        var signer = new SigV4Signer("AKIABENCH", secret, region);
        var signature = Sign(signer, "POST", canonical.ToString(), signedHeaders, body, amzDate);

        Assert.Equal(expected, signature);
    }

    [Fact]
    public void RequestsFromTheWriterVerifyWithBasaltsAuthenticator()
    {
        var now = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);
        var clock = new FixedClock(now);
        var writer = new SignedRequestWriter(new SigV4Signer("AKIABENCH", "top/secret+key", "ap-south-1"), "127.0.0.1:8000", clock);
        var body = """{"TableName":"t","Key":{"pk":{"S":"ü"}}}"""u8;
        body.CopyTo(writer.Body);

        var request = ParseRequest(writer.Encode("GetItem"u8, body.Length).ToArray());
        var authenticator = new SigV4Authenticator(CredentialStore.Parse("AKIABENCH top/secret+key"), clock);

        Assert.Equal(new CallerIdentity("AKIABENCH", "ap-south-1"), authenticator.Authenticate(request));
    }

    [Fact]
    public void TamperedBodyFailsBasaltsAuthenticator()
    {
        var now = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);
        var clock = new FixedClock(now);
        var writer = new SignedRequestWriter(new SigV4Signer("AKIABENCH", "top/secret+key", "us-east-1"), "127.0.0.1:8000", clock);
        var body = """{"TableName":"t","Key":{"pk":{"S":"a"}}}"""u8;
        body.CopyTo(writer.Body);
        var bytes = writer.Encode("GetItem"u8, body.Length).ToArray();
        bytes[^5] = (byte)'b';

        var authenticator = new SigV4Authenticator(CredentialStore.Parse("AKIABENCH top/secret+key"), clock);
        var error = Assert.Throws<Basalt.Model.DynamoDbException>(() => authenticator.Authenticate(ParseRequest(bytes)));

        Assert.Equal("InvalidSignatureException", error.ErrorCode);
    }

    [Fact]
    public void EncodedRequestHasTheOperationTargetAndBodyLength()
    {
        var clock = new FixedClock(new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero));
        var writer = new SignedRequestWriter(new SigV4Signer("AK", "s", "us-east-1"), "localhost:9", clock);
        "{}"u8.CopyTo(writer.Body);

        var text = Encoding.ASCII.GetString(writer.Encode("Query"u8, 2).Span);

        Assert.StartsWith("POST / HTTP/1.1\r\nHost: localhost:9\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nX-Amz-Target: DynamoDB_20120810.Query\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nX-Amz-Date: 20250304T050607Z\r\n", text, StringComparison.Ordinal);
        Assert.Contains("Credential=AK/20250304/us-east-1/dynamodb/aws4_request, ", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\nContent-Length: 2\r\n\r\n{}", text, StringComparison.Ordinal);
    }

    private static string Sign(SigV4Signer signer, string method, string canonicalHeaders, string signedHeaders, string body, string amzDate) =>
        Sign(signer, method, canonicalHeaders, signedHeaders, Encoding.UTF8.GetBytes(body), amzDate);

    private static string Sign(SigV4Signer signer, string method, string canonicalHeaders, string signedHeaders, byte[] body, string amzDate)
    {
        var signature = new byte[SigV4Signer.SignatureHexLength];
        signer.Sign(
            Encoding.ASCII.GetBytes(method),
            "/"u8,
            [],
            Encoding.UTF8.GetBytes(canonicalHeaders),
            Encoding.ASCII.GetBytes(signedHeaders),
            body,
            Encoding.ASCII.GetBytes(amzDate),
            signature);
        return Encoding.ASCII.GetString(signature);
    }

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal) + start.Length;
        return text[from..text.IndexOf(end, from, StringComparison.Ordinal)];
    }

    /// <summary>Reads a raw HTTP/1.1 request back into what Basalt's authenticator sees.</summary>
    private static SignedRequest ParseRequest(byte[] raw)
    {
        var text = Encoding.UTF8.GetString(raw);
        var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = text[..headEnd].Split("\r\n");
        var headers = lines.Skip(1)
            .Select(line => new KeyValuePair<string, string>(line[..line.IndexOf(':', StringComparison.Ordinal)], line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()))
            .ToList();
        var bodyStart = Encoding.UTF8.GetByteCount(text[..(headEnd + 4)]);
        return new SignedRequest("POST", "/", string.Empty, headers, raw.AsMemory(bodyStart));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class CaptureFactory(CapturingHandler handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
    }

    /// <summary>Keeps what the SDK would have sent (lowercase header names), answers an empty item.</summary>
    private sealed class CapturingHandler : HttpMessageHandler
    {
        public (List<KeyValuePair<string, string>> Headers, byte[] Body)? Captured { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var headers = new List<KeyValuePair<string, string>>();
            foreach (var header in request.Headers)
            {
                headers.AddRange(header.Value.Select(v => new KeyValuePair<string, string>(header.Key.ToLowerInvariant(), v)));
            }

            var body = Array.Empty<byte>();
            if (request.Content is not null)
            {
                foreach (var header in request.Content.Headers)
                {
                    headers.Add(new(header.Key.ToLowerInvariant(), string.Join(", ", header.Value)));
                }

                body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
            }

            if (!headers.Any(h => h.Key == "host"))
            {
                headers.Add(new("host", request.RequestUri!.Authority));
            }

            Captured = (headers, body);
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("{}", Encoding.UTF8, "application/x-amz-json-1.0"),
            };
        }
    }
}
