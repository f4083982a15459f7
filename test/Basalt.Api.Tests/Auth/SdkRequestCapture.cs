using System.Net;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Basalt.Api.Auth;

namespace Basalt.Api.Tests.Auth;

/// <summary>
/// Lets the real AWS SDK sign a request and hands back exactly what it would have sent, as the
/// server would see it (the SDK's own SigV4 signer, not ours).
/// </summary>
internal sealed class SdkRequestCapture : HttpClientFactory
{
    private readonly CapturingHandler _handler = new();

    public SignedRequest? Captured => _handler.Captured;

    public static AmazonDynamoDBClient Client(SdkRequestCapture capture, string accessKey, string secret, string region)
    {
        var config = new AmazonDynamoDBConfig
        {
            ServiceURL = "http://localhost:8000",
            AuthenticationRegion = region,
            HttpClientFactory = capture,
            MaxErrorRetry = 0,
        };
        return new AmazonDynamoDBClient(new BasicAWSCredentials(accessKey, secret), config);
    }

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(_handler, disposeHandler: false);

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public SignedRequest? Captured { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var headers = new List<KeyValuePair<string, string>>();
            foreach (var header in request.Headers)
            {
                headers.AddRange(header.Value.Select(v => new KeyValuePair<string, string>(header.Key, v)));
            }

            var body = Array.Empty<byte>();
            if (request.Content is not null)
            {
                foreach (var header in request.Content.Headers)
                {
                    headers.Add(new(header.Key, string.Join(", ", header.Value)));
                }

                body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
            }

            var uri = request.RequestUri!;
            if (!headers.Any(h => h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase)))
            {
                // HttpClient sends Host from the URI; the server sees it like any other header.
                headers.Add(new("Host", uri.IsDefaultPort ? uri.Host : uri.Authority));
            }

            Captured = new SignedRequest(request.Method.Method, uri.AbsolutePath, uri.Query, headers, body);
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("{}", Encoding.UTF8, "application/x-amz-json-1.0"),
            };
        }
    }
}
