using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Basalt.Api.Tests.Conformance;

namespace Basalt.Api.Tests.Streams;

/// <summary>An error answered by the Streams API.</summary>
internal sealed class StreamsApiException(string errorCode, string message, HttpStatusCode status) : Exception(message)
{
    public string ErrorCode { get; } = errorCode;

    public HttpStatusCode Status { get; } = status;
}

/// <summary>One record as GetRecords returned it.</summary>
internal sealed record Rec(JsonElement Json)
{
    public string EventName => Json.GetProperty("eventName").GetString()!;

    public JsonElement Dynamodb => Json.GetProperty("dynamodb");

    public string SequenceNumber => Dynamodb.GetProperty("SequenceNumber").GetString()!;

    public decimal Sequence => decimal.Parse(SequenceNumber, CultureInfo.InvariantCulture);

    public JsonElement Keys => Dynamodb.GetProperty("Keys");

    public JsonElement? NewImage => Dynamodb.TryGetProperty("NewImage", out var image) ? image : null;

    public JsonElement? OldImage => Dynamodb.TryGetProperty("OldImage", out var image) ? image : null;

    /// <summary>The string value of key attribute <paramref name="name"/> (S or N).</summary>
    public string Key(string name = "pk")
    {
        var value = Keys.GetProperty(name);
        return value.TryGetProperty("S", out var s) ? s.GetString()! : value.GetProperty("N").GetString()!;
    }

    public static string? Attr(JsonElement? image, string name)
    {
        if (image is not { } i || !i.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.TryGetProperty("S", out var s) ? s.GetString() : value.GetProperty("N").GetString();
    }
}

/// <summary>
/// A minimal DynamoDB Streams client over HTTP (AWSSDK.DynamoDBv2 4.x no longer ships
/// AmazonDynamoDBStreamsClient): JSON 1.0 requests with X-Amz-Target "DynamoDBStreams_20120810.*",
/// signed with SigV4 like an SDK, errors turned into <see cref="StreamsApiException"/>.
/// </summary>
internal sealed class StreamsClient(Uri url, string region = "us-east-1") : IDisposable
{
    private readonly HttpClient _http = new();

    public async Task<JsonElement> CallAsync(string operation, JsonObject request, string prefix = "DynamoDBStreams_20120810.")
    {
        ArgumentNullException.ThrowIfNull(request);
        using var message = RawRequest.Create(url, prefix + operation, request.ToJsonString(), region: region);
        using var response = await _http.SendAsync(message, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement.Clone();
        if (!response.IsSuccessStatusCode)
        {
            var type = root.GetProperty("__type").GetString()!;
            throw new StreamsApiException(type[(type.IndexOf('#', StringComparison.Ordinal) + 1)..], root.GetProperty("message").GetString() ?? string.Empty, response.StatusCode);
        }

        return root;
    }

    public Task<JsonElement> ListStreamsAsync(string? tableName = null, int? limit = null, string? exclusiveStart = null)
    {
        var request = new JsonObject();
        if (tableName is not null)
        {
            request["TableName"] = tableName;
        }

        if (limit is not null)
        {
            request["Limit"] = limit;
        }

        if (exclusiveStart is not null)
        {
            request["ExclusiveStartStreamArn"] = exclusiveStart;
        }

        return CallAsync("ListStreams", request);
    }

    public async Task<JsonElement> DescribeStreamAsync(string arn, int? limit = null, string? exclusiveStartShardId = null)
    {
        var request = new JsonObject { ["StreamArn"] = arn };
        if (limit is not null)
        {
            request["Limit"] = limit;
        }

        if (exclusiveStartShardId is not null)
        {
            request["ExclusiveStartShardId"] = exclusiveStartShardId;
        }

        return (await CallAsync("DescribeStream", request)).GetProperty("StreamDescription");
    }

    public async Task<string> GetShardIteratorAsync(string arn, string shardId, string type, string? sequenceNumber = null)
    {
        var request = new JsonObject { ["StreamArn"] = arn, ["ShardId"] = shardId, ["ShardIteratorType"] = type };
        if (sequenceNumber is not null)
        {
            request["SequenceNumber"] = sequenceNumber;
        }

        return (await CallAsync("GetShardIterator", request)).GetProperty("ShardIterator").GetString()!;
    }

    public async Task<(List<Rec> Records, string? Next)> GetRecordsAsync(string iterator, int? limit = null)
    {
        var request = new JsonObject { ["ShardIterator"] = iterator };
        if (limit is not null)
        {
            request["Limit"] = limit;
        }

        var response = await CallAsync("GetRecords", request);
        var records = response.GetProperty("Records").EnumerateArray().Select(r => new Rec(r.Clone())).ToList();
        return (records, response.TryGetProperty("NextShardIterator", out var next) ? next.GetString() : null);
    }

    /// <summary>The shard ids of a stream, parents before children, through paged DescribeStream.</summary>
    public async Task<List<JsonElement>> ShardsAsync(string arn)
    {
        var shards = new List<JsonElement>();
        string? start = null;
        do
        {
            var description = await DescribeStreamAsync(arn, exclusiveStartShardId: start);
            shards.AddRange(description.GetProperty("Shards").EnumerateArray());
            start = description.TryGetProperty("LastEvaluatedShardId", out var last) ? last.GetString() : null;
        }
        while (start is not null);
        return shards;
    }

    /// <summary>Everything the stream holds now, read from TRIM_HORIZON of every shard (parents first) until each is drained.</summary>
    public async Task<List<Rec>> ReadAllAsync(string arn)
    {
        var all = new List<Rec>();
        foreach (var shard in await ShardsAsync(arn))
        {
            string? iterator = await GetShardIteratorAsync(arn, shard.GetProperty("ShardId").GetString()!, "TRIM_HORIZON");
            while (iterator is not null)
            {
                var (records, next) = await GetRecordsAsync(iterator);
                all.AddRange(records);
                if (records.Count == 0)
                {
                    break;
                }

                iterator = next;
            }
        }

        return all;
    }

    /// <summary>The table's current stream ARN (LatestStreamArn through ListStreams).</summary>
    public async Task<string> LatestArnAsync(string tableName)
    {
        var streams = (await ListStreamsAsync(tableName)).GetProperty("Streams").EnumerateArray().ToList();
        return streams[^1].GetProperty("StreamArn").GetString()!;
    }

    public static async Task<StreamsApiException> ErrorAsync(Func<Task> action, string code)
    {
        ArgumentNullException.ThrowIfNull(action);
        var error = await Assert.ThrowsAsync<StreamsApiException>(action);
        Assert.Equal(code, error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        return error;
    }

    public void Dispose() => _http.Dispose();
}
