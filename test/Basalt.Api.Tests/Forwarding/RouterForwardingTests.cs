using Basalt.Protocol.Items.V1;

namespace Basalt.Api.Tests.Forwarding;

/// <summary>Single-key requests, corrections, dead nodes and batches through the router's operations.</summary>
public sealed class RouterForwardingTests
{
    [Fact]
    public async Task ItemRequestsGoToThePartitionLeader()
    {
        await using var node = await LocalNode.StartAsync(4);
        await ShareTests.CreateTableAsync(node);
        var router = new RouterHarness(node) { Leader = 2 };
        await router.RunOkAsync("PutItem", """{"TableName":"tbl","Item":{"pk":{"S":"a"},"v":{"N":"1"}}}""");
        var got = await router.RunOkAsync("GetItem", """{"TableName":"tbl","Key":{"pk":{"S":"a"}},"ConsistentRead":true}""");
        Assert.Equal("1", got.GetProperty("Item").GetProperty("v").GetProperty("N").GetString());
        Assert.All(router.Calls, c => Assert.Equal(2UL, c.Node));
        Assert.All(router.Calls, c => Assert.Equal(0UL, c.Group));
    }

    [Fact]
    public async Task ACorrectionSendsTheRequestToTheLeaderItNames()
    {
        await using var node = await LocalNode.StartAsync(4);
        await ShareTests.CreateTableAsync(node);
        var router = new RouterHarness(node) { Leader = 1 };
        router.Corrections = (id, request) => id == 1 ? new RouteCorrection { Group = 1, LeaderNode = 3, LeaderAddress = "http://node-3", Hosted = true } : null;
        await router.RunOkAsync("PutItem", """{"TableName":"tbl","Item":{"pk":{"S":"a"}}}""");
        Assert.Equal([1UL, 3UL], router.Calls.Select(c => c.Node));
        Assert.Equal(1, router.Forwarder.Counters.Corrections);
        Assert.Equal(1, router.Forwarder.Counters.Retries);
    }

    [Fact]
    public async Task ADeadLeaderIsSkippedForAnotherReplica()
    {
        await using var node = await LocalNode.StartAsync(4);
        await ShareTests.CreateTableAsync(node);
        var router = new RouterHarness(node) { Leader = 1 };
        router.Dead.Add(1);
        await router.RunOkAsync("PutItem", """{"TableName":"tbl","Item":{"pk":{"S":"a"}}}""");
        Assert.Equal(1UL, router.Calls[0].Node);
        Assert.NotEqual(1UL, router.Calls[^1].Node);
        Assert.Equal(1, router.Forwarder.Counters.NodeFailures);
        Assert.True(router.Directory.IsSuspect(1));
    }

    [Fact]
    public async Task AWriteWhoseCallBrokeIsNotSentAgainButAnswers500()
    {
        await using var node = await LocalNode.StartAsync(4);
        await ShareTests.CreateTableAsync(node);
        var router = new RouterHarness(node) { Leader = 1 };
        router.Override = (id, _) => id == 1 ? throw new IOException("connection reset by peer") : null;

        var (status, body) = await router.RunAsync("UpdateItem", """{"TableName":"tbl","Key":{"pk":{"S":"a"}},"UpdateExpression":"SET n = :one","ExpressionAttributeValues":{":one":{"N":"1"}}}""");

        Assert.Equal(500, status);
        Assert.EndsWith("InternalServerError", body.GetProperty("__type").GetString(), StringComparison.Ordinal);
        Assert.Equal([1UL], router.Calls.Select(c => c.Node));
    }

    [Fact]
    public async Task AReadWhoseCallBrokeIsSentToAnotherReplica()
    {
        await using var node = await LocalNode.StartAsync(4);
        await ShareTests.CreateTableAsync(node);
        var router = new RouterHarness(node) { Leader = 1 };
        router.Override = (id, _) => id == 1 ? throw new IOException("connection reset by peer") : null;

        await router.RunOkAsync("GetItem", """{"TableName":"tbl","Key":{"pk":{"S":"a"}},"ConsistentRead":true}""");

        Assert.Equal(1UL, router.Calls[0].Node);
        Assert.NotEqual(1UL, router.Calls[^1].Node);
        Assert.True(Basalt.Router.Forwarding.Forwarder.IsReadOnly("Scan"));
        Assert.False(Basalt.Router.Forwarding.Forwarder.IsReadOnly("BatchWriteItem"));
    }

    [Fact]
    public async Task AnInvalidRequestGetsTheNodesError()
    {
        await using var node = await LocalNode.StartAsync(4);
        await ShareTests.CreateTableAsync(node);
        var router = new RouterHarness(node);
        var (status, body) = await router.RunAsync("PutItem", """{"TableName":"tbl","Item":{"nope":{"S":"a"}}}""");
        Assert.Equal(400, status);
        Assert.Equal("com.amazonaws.dynamodb.v20120810#ValidationException", body.GetProperty("__type").GetString());
        (status, body) = await router.RunAsync("GetItem", """{"TableName":"missing","Key":{"pk":{"S":"a"}}}""");
        Assert.Equal(400, status);
        Assert.EndsWith("#ResourceNotFoundException", body.GetProperty("__type").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BatchesAreSplitByPartitionAndMerged()
    {
        await using var node = await LocalNode.StartAsync(4);
        await ShareTests.CreateTableAsync(node);
        var router = new RouterHarness(node);
        var puts = string.Join(",", Enumerable.Range(0, 25).Select(i => "{\"PutRequest\":{\"Item\":{\"pk\":{\"S\":\"b" + i + "\"},\"v\":{\"N\":\"" + i + "\"}}}}"));
        var written = await router.RunOkAsync("BatchWriteItem", """{"ReturnConsumedCapacity":"TOTAL","RequestItems":{"tbl":[""" + puts + "]}}");
        Assert.Empty(written.GetProperty("UnprocessedItems").EnumerateObject());
        Assert.Equal(25, written.GetProperty("ConsumedCapacity")[0].GetProperty("CapacityUnits").GetDouble());
        var writeGroups = router.Calls.Where(c => c.Operation == "BatchWriteItem").Count();
        Assert.Equal(4, writeGroups);

        var keys = string.Join(",", Enumerable.Range(0, 25).Select(i => "{\"pk\":{\"S\":\"b" + i + "\"}}"));
        var read = await router.RunOkAsync("BatchGetItem", """{"RequestItems":{"tbl":{"ConsistentRead":true,"Keys":[""" + keys + "]}}}");
        var items = read.GetProperty("Responses").GetProperty("tbl").EnumerateArray().Select(i => i.GetProperty("pk").GetProperty("S").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => "b" + i).Order(StringComparer.Ordinal), items);
        Assert.Empty(read.GetProperty("UnprocessedKeys").EnumerateObject());
    }

    [Fact]
    public async Task ASharesRetryableFailureBecomesUnprocessed()
    {
        await using var node = await LocalNode.StartAsync(4);
        await ShareTests.CreateTableAsync(node);
        var router = new RouterHarness(node, nodes: 1);
        var keys = string.Join(",", Enumerable.Range(0, 20).Select(i => "{\"pk\":{\"S\":\"u" + i + "\"}}"));
        // The share holding u0 fails with a 500 (its partition cannot serve): its keys come back unprocessed.
        var failed = 0;
        router.Override = (_, request) =>
        {
            if (request.Operation != "BatchGetItem" || !request.Body.ToStringUtf8().Contains("\"u0\"", StringComparison.Ordinal))
            {
                return null;
            }

            Interlocked.Increment(ref failed);
            return new ExecuteReply { Status = 500, Body = Google.Protobuf.ByteString.CopyFromUtf8("""{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"Internal server error"}""") };
        };
        var read = await router.RunOkAsync("BatchGetItem", """{"RequestItems":{"tbl":{"Keys":[""" + keys + "]}}}");
        var unprocessed = read.GetProperty("UnprocessedKeys").GetProperty("tbl").GetProperty("Keys").EnumerateArray().Select(k => k.GetProperty("pk").GetProperty("S").GetString()!).ToList();
        Assert.Contains("u0", unprocessed);
        Assert.True(unprocessed.Count < 20);
        Assert.Equal(1, failed);
    }
}
