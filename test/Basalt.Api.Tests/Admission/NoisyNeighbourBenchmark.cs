using System.Diagnostics;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Basalt.Api.Tests.Conformance;

namespace Basalt.Api.Tests.Admission;

/// <summary>
/// The multi-tenant promise, measured (not a test: run it explicitly, on the real clock): the p99
/// of a quiet table's reads (AWS SDK, 200 a second) alone, next to a noisy table being throttled,
/// and next to a noisy on-demand table that is not throttled. The noisy load is raw signed HTTP
/// from four closed loops, so that the in-process client's exception handling does not skew the
/// picture. Results go to the test output and docs/performance.md.
/// </summary>
public sealed class NoisyNeighbourBenchmark(ITestOutputHelper output)
{
    private static readonly TimeSpan Phase = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan QuietInterval = TimeSpan.FromMilliseconds(5);
    private const int NoisyWorkers = 4;

    [Fact(Explicit = true)]
    public async Task Quiet_table_p99_with_and_without_a_throttled_noisy_neighbour()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await BasaltServer.StartAsync(new BasaltServerOptions { Port = 0, InMemory = true }, ct);
        using var quietClient = Client(server);
        using var noisyClient = new HttpClient();
        await CreateAsync(quietClient, "quiet", 1000, 1000);
        await CreateAsync(quietClient, "noisy", 5, 5);
        await CreateAsync(quietClient, "noisy-on-demand", 0, 0);
        for (var i = 0; i < 100; i++)
        {
            await PutAsync(quietClient, "quiet", "k" + i.ToString(CultureInfo.InvariantCulture), ct);
        }

        // Spend the noisy table's banked burst first, so the noisy phase is all throttling.
        await NoisyAsync(noisyClient, server.Url, "noisy", TimeSpan.FromSeconds(3), ct);

        await QuietAsync(quietClient, Phase, "quiet alone (warm-up)", ct);
        var alone = await QuietAsync(quietClient, Phase, "quiet alone", ct);
        var throttledRun = Task.Run(() => NoisyAsync(noisyClient, server.Url, "noisy", Phase, ct), ct);
        var withThrottled = await QuietAsync(quietClient, Phase, "quiet + noisy table being throttled", ct);
        var throttled = await throttledRun;
        var admittedRun = Task.Run(() => NoisyAsync(noisyClient, server.Url, "noisy-on-demand", Phase, ct), ct);
        var withAdmitted = await QuietAsync(quietClient, Phase, "quiet + noisy on-demand table (not throttled)", ct);
        var admitted = await admittedRun;

        output.WriteLine($"noisy provisioned 5 WCU: {throttled.Requests / Phase.TotalSeconds:F0} req/s offered, {throttled.Throttled * 100.0 / throttled.Requests:F1}% throttled");
        output.WriteLine($"noisy on-demand: {admitted.Requests / Phase.TotalSeconds:F0} req/s offered, {admitted.Throttled * 100.0 / Math.Max(1, admitted.Requests):F1}% throttled");
        Assert.True(alone > 0 && withThrottled > 0 && withAdmitted > 0);
    }

    private async Task<double> QuietAsync(AmazonDynamoDBClient client, TimeSpan duration, string label, CancellationToken ct)
    {
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        var next = TimeSpan.Zero;
        var i = 0;
        while (clock.Elapsed < duration)
        {
            var start = Stopwatch.GetTimestamp();
            await client.GetItemAsync(new GetItemRequest { TableName = "quiet", Key = Key("k" + (i++ % 100).ToString(CultureInfo.InvariantCulture)) }, ct);
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            next += QuietInterval;
            var wait = next - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }
        }

        latencies.Sort();
        double At(double q) => latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];
        output.WriteLine($"{label}: {latencies.Count} reads, p50 {At(0.50):F2} ms, p99 {At(0.99):F2} ms, p99.9 {At(0.999):F2} ms, max {latencies[^1]:F2} ms");
        return At(0.99);
    }

    private static async Task<(long Requests, long Throttled)> NoisyAsync(HttpClient client, Uri server, string table, TimeSpan duration, CancellationToken ct)
    {
        long requests = 0;
        long throttled = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, NoisyWorkers).Select(w => Task.Run(
            async () =>
            {
                var i = 0;
                while (clock.Elapsed < duration)
                {
                    Interlocked.Increment(ref requests);
                    var key = "w" + w.ToString(CultureInfo.InvariantCulture) + "-" + (i++).ToString(CultureInfo.InvariantCulture);
                    var body = "{\"TableName\":\"" + table + "\",\"Item\":{\"pk\":{\"S\":\"" + key + "\"},\"data\":{\"S\":\"" + new string('x', 900) + "\"}}}";
                    using var request = RawRequest.Create(server, "DynamoDB_20120810.PutItem", body);
                    using var response = await client.SendAsync(request, ct);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref throttled);
                    }
                }
            },
            ct)).ToArray();
        await Task.WhenAll(workers);
        return (requests, throttled);
    }

    private static Task PutAsync(AmazonDynamoDBClient client, string table, string key, CancellationToken ct) =>
        client.PutItemAsync(new PutItemRequest { TableName = table, Item = new Dictionary<string, AttributeValue>(Key(key)) { ["data"] = new AttributeValue { S = new string('x', 900) } } }, ct);

    private static Dictionary<string, AttributeValue> Key(string key) => new() { ["pk"] = new AttributeValue { S = key } };

    private static Task CreateAsync(AmazonDynamoDBClient client, string name, long read, long write) =>
        client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = read == 0 ? BillingMode.PAY_PER_REQUEST : BillingMode.PROVISIONED,
            ProvisionedThroughput = read == 0 ? null : new ProvisionedThroughput(read, write),
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
        });

    private static AmazonDynamoDBClient Client(BasaltServer server) =>
        new(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), new AmazonDynamoDBConfig
        {
            ServiceURL = server.Url.ToString(),
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
        });
}
