using System.Text.Json;
using Basalt.Api.Protocol;

namespace Basalt.Api.Streams;

/// <summary>GetRecords: up to Limit (≤ 1000) records or about 1 MB from a shard iterator, and the next iterator (none at the end of a closed shard).</summary>
public sealed class GetRecordsOperation(Database database) : IStreamsOperation
{
    public string Name => "GetRecords";

    public async ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(response);
        var body = context.Body;
        var errors = new ValidationErrors();
        var token = StreamParameters.ReadString(body, "ShardIterator", "shardIterator", 1, 2048, errors, required: true);
        var limit = StreamParameters.ReadLimit(body, 1000, errors) ?? 1000;
        errors.ThrowIfAny();
        if (!ShardIterator.TryDecode(token, out var iterator, out var arn) || !StreamArn.TryParse(arn, out _))
        {
            throw StreamErrors.InvalidIterator();
        }

        var now = database.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (now - iterator.IssuedMs > (long)ShardIterator.Lifetime.TotalMilliseconds)
        {
            throw StreamErrors.Expired();
        }

        var stream = database.Streams.Catalog.Find(iterator.TableId, iterator.StreamCreatedMs);
        if (stream is null || !string.Equals(stream.Arn, arn, StringComparison.Ordinal))
        {
            throw StreamErrors.StreamNotFound(arn);
        }

        var shard = stream.FindShard(iterator.ShardIndex) ?? throw StreamErrors.InvalidIterator();
        var horizon = database.Streams.Reader.Horizon;
        var table = database.Catalog.All.FirstOrDefault(t => t.Id == stream.TableId);
        var view = table is null
            ? database.Replicas.LocalEngine
            : await database.Items.ReadViewAsync(table, consistent: true, context.CancellationToken).ConfigureAwait(false);
        var page = database.Streams.Reader.Read(view, horizon, stream, shard, iterator.After, limit);
        response.WriteStartArray("Records");
        foreach (var (sequence, record) in page.Records)
        {
            StreamRecordJson.Write(response, stream, shard.Index, sequence, record);
        }

        response.WriteEndArray();
        if (!page.EndOfShard)
        {
            var next = iterator with { After = page.NextAfter, IssuedMs = now };
            response.WriteString("NextShardIterator", next.Encode(stream.Arn));
        }

    }
}
