using System.Text.Json;
using Basalt.Api.Protocol;
using Basalt.Api.Tables;

namespace Basalt.Api.Streams;

/// <summary>DescribeStream: status, view type, key schema and the shards (paged), with their sequence ranges and parents.</summary>
public sealed class DescribeStreamOperation(Database database) : IStreamsOperation
{
    public string Name => "DescribeStream";

    public async ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(response);
        var body = context.Body;
        var errors = new ValidationErrors();
        var arn = StreamParameters.ReadStreamArn(body, "StreamArn", "streamArn", errors, required: true);
        var limit = StreamParameters.ReadLimit(body, 100, errors) ?? 100;
        var startShard = StreamParameters.ReadShardId(body, "ExclusiveStartShardId", "exclusiveStartShardId", errors, required: false);
        errors.ThrowIfAny();
        var parsed = StreamParameters.ParseArn(arn!);
        await database.Streams.Catalog.ReconcileAsync(parsed.Region, parsed.TableName).ConfigureAwait(false);
        var stream = database.Streams.Catalog.Find(context.Region, parsed) ?? throw StreamErrors.StreamNotFound(arn!);

        var shards = stream.Shards.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        var first = startShard is null ? 0 : shards.FindIndex(s => string.CompareOrdinal(s.Id, startShard) > 0);
        if (first < 0)
        {
            first = shards.Count;
        }

        var page = shards.Skip(first).Take(limit).ToList();
        response.WriteStartObject("StreamDescription");
        TableDescriptionWriter.WriteTimestamp(response, "CreationRequestDateTime", stream.CreatedAt);
        response.WriteStartArray("KeySchema");
        WriteKeyElement(response, stream.PartitionKey.Name, "HASH");
        if (stream.SortKey is not null)
        {
            WriteKeyElement(response, stream.SortKey.Name, "RANGE");
        }

        response.WriteEndArray();
        if (first + page.Count < shards.Count)
        {
            response.WriteString("LastEvaluatedShardId", page[^1].Id);
        }

        response.WriteStartArray("Shards");
        foreach (var shard in page)
        {
            response.WriteStartObject();
            if (shard.ParentIndex is { } parent)
            {
                response.WriteString("ParentShardId", stream.Shards[parent].Id);
            }

            response.WriteStartObject("SequenceNumberRange");
            if (shard.EndingSequence is { } end)
            {
                response.WriteString("EndingSequenceNumber", StreamErrors.FormatSequence(end));
            }

            response.WriteString("StartingSequenceNumber", StreamErrors.FormatSequence(shard.StartingSequence));
            response.WriteEndObject();
            response.WriteString("ShardId", shard.Id);
            response.WriteEndObject();
        }

        response.WriteEndArray();
        response.WriteString("StreamArn", stream.Arn);
        response.WriteString("StreamLabel", stream.Label);
        response.WriteString("StreamStatus", stream.IsEnabled ? "ENABLED" : "DISABLED");
        response.WriteString("StreamViewType", stream.ViewType);
        response.WriteString("TableName", stream.TableName);
        response.WriteEndObject();
    }

    private static void WriteKeyElement(Utf8JsonWriter w, string name, string type)
    {
        w.WriteStartObject();
        w.WriteString("AttributeName", name);
        w.WriteString("KeyType", type);
        w.WriteEndObject();
    }
}
