using System.Collections.Concurrent;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Basalt.Api.Tests.ServerProcesses;
using static Basalt.Api.Tests.Conformance.Av;

namespace Basalt.Api.Tests.Streams;

/// <summary>
/// A durable <c>basalt serve</c> writing to a streamed table is SIGKILLed mid-write; after a
/// restart the stream holds every acknowledged change exactly once and in order per item, holds
/// nothing that was never sent, and agrees with the table (each item's last record is its state).
/// </summary>
public sealed class StreamCrashTests : IDisposable
{
    private const string Table = "streamed";
    private const int Writers = 6;
    private const int AcknowledgedBeforeKill = 400;
    private const int Counters = 4;

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "basalt-stream-crash-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task After_SIGKILL_the_stream_has_every_acknowledged_change_exactly_once_and_in_order()
    {
        var ct = TestContext.Current.CancellationToken;
        var acknowledged = new ConcurrentBag<(string Key, long Version)>();
        var sent = new ConcurrentDictionary<string, byte>();
        string arn;
        await using (var server = await BasaltProcess.StartDurableAsync(_dataDirectory, ct))
        {
            using var client = Client(server.Url);
            arn = (await client.CreateTableAsync(new CreateTableRequest
            {
                TableName = Table,
                BillingMode = BillingMode.PAY_PER_REQUEST,
                KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
                AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
                StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.NEW_AND_OLD_IMAGES },
            }, ct)).TableDescription.LatestStreamArn;

            var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var total = 0;
            var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(
                async () =>
                {
                    using var writerClient = Client(server.Url);
                    for (var sequence = 0; ; sequence++)
                    {
                        try
                        {
                            if (sequence % 3 == 0)
                            {
                                var key = "counter-" + (sequence % Counters).ToString(CultureInfo.InvariantCulture);
                                sent[key] = 0;
                                var updated = await writerClient.UpdateItemAsync(new UpdateItemRequest
                                {
                                    TableName = Table,
                                    Key = Item(("pk", S(key))),
                                    UpdateExpression = "ADD n :one",
                                    ExpressionAttributeValues = new() { [":one"] = N(1) },
                                    ReturnValues = ReturnValue.UPDATED_NEW,
                                }, CancellationToken.None);
                                acknowledged.Add((key, long.Parse(updated.Attributes["n"].N, CultureInfo.InvariantCulture)));
                            }
                            else
                            {
                                var key = $"w{writer}-{sequence}";
                                sent[key] = 0;
                                await writerClient.PutItemAsync(new PutItemRequest { TableName = Table, Item = Item(("pk", S(key)), ("n", N(1))) }, CancellationToken.None);
                                acknowledged.Add((key, 1));
                            }
                        }
                        catch (Exception error) when (error is AmazonServiceException or HttpRequestException or IOException or TaskCanceledException or OperationCanceledException)
                        {
                            return; // the server is gone
                        }

                        if (Interlocked.Increment(ref total) >= AcknowledgedBeforeKill)
                        {
                            enough.TrySetResult();
                        }
                    }
                },
                ct)).ToArray();

            await enough.Task.WaitAsync(TimeSpan.FromSeconds(120), ct);
            server.Kill();
            await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(120), ct);
        }

        await using var restarted = await BasaltProcess.StartDurableAsync(_dataDirectory, ct);
        using var verify = Client(restarted.Url);
        using var streams = new StreamsClient(restarted.Url);
        var records = await streams.ReadAllAsync(arn);

        Assert.Equal(records.Count, records.Select(r => r.SequenceNumber).Distinct().Count());
        var histories = records.GroupBy(r => r.Key()).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var (key, history) in histories)
        {
            Assert.True(sent.ContainsKey(key), $"the stream has a change of {key}, which nobody wrote");
            var versions = history.Select(r => long.Parse(Rec.Attr(r.NewImage, "n")!, CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(Enumerable.Range(1, versions.Count).Select(v => (long)v), versions);
            Assert.Equal("INSERT", history[0].EventName);
            Assert.All(history.Skip(1), r => Assert.Equal("MODIFY", r.EventName));
            for (var i = 1; i < history.Count; i++)
            {
                Assert.Equal(Rec.Attr(history[i - 1].NewImage, "n"), Rec.Attr(history[i].OldImage, "n"));
            }

            // The table agrees with the stream: the item is what its last record says.
            var item = (await verify.GetItemAsync(new GetItemRequest { TableName = Table, Key = Item(("pk", S(key))), ConsistentRead = true }, ct)).Item;
            Assert.Equal(Rec.Attr(history[^1].NewImage, "n"), item["n"].N);
        }

        foreach (var (key, version) in acknowledged)
        {
            Assert.True(histories.TryGetValue(key, out var history), $"acknowledged write of {key} has no stream record");
            Assert.Contains(version.ToString(CultureInfo.InvariantCulture), history.Select(r => Rec.Attr(r.NewImage, "n")));
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{acknowledged.Count} acknowledged, {records.Count} records after restart");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static AmazonDynamoDBClient Client(Uri url) => new(
        new BasicAWSCredentials("crash-test", "any-secret"),
        new AmazonDynamoDBConfig { ServiceURL = url.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0, Timeout = TimeSpan.FromSeconds(30) });
}
