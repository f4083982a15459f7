using System.Net;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace Basalt.Api.Tests.Admission;

/// <summary>The AWS SDK treats Basalt's throttling errors as DynamoDB's: it retries them, and succeeds once capacity refills.</summary>
public sealed class SdkRetryTests(AdmissionServer server) : IClassFixture<AdmissionServer>
{
    [Fact]
    public async Task The_AWS_SDK_retries_a_throttled_write_and_succeeds_once_capacity_refills()
    {
        var table = await server.CreateTableAsync("retry", BillingMode.PROVISIONED, read: 1, write: 1);
        var exhausted = await server.WriteAsync(table, 400, TimeSpan.FromMilliseconds(1));
        Assert.NotNull(exhausted.LastThrottle);
        Assert.NotNull(await server.TryPutAsync(table, "still-throttled"));

        // Virtual time passes only while the SDK backs off after a throttle.
        var factory = new BackoffClock(server.Clock, TimeSpan.FromSeconds(2));
        using var retrying = server.CreateClient(maxErrorRetry: 3, httpClientFactory: factory);
        var error = await server.TryPutAsync(table, "retried", retrying);

        Assert.Null(error);
        Assert.Equal(1, factory.Throttles);
    }

    /// <summary>An HTTP client whose handler advances the virtual clock each time the server answers 400 (a throttle here).</summary>
    private sealed class BackoffClock(FakeTimeProvider clock, TimeSpan backoff) : HttpClientFactory
    {
        private int _throttles;

        public int Throttles => _throttles;

        public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
            new(new Handler(this) { InnerHandler = new HttpClientHandler() });

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

        private sealed class Handler(BackoffClock owner) : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.BadRequest)
                {
                    Interlocked.Increment(ref owner._throttles);
                    owner.Clock.Advance(owner.Backoff);
                }

                return response;
            }
        }

        private FakeTimeProvider Clock => clock;

        private TimeSpan Backoff => backoff;
    }
}
