using System.Globalization;
using System.Text.Json;
using Basalt.Api.Protocol;
using Basalt.Model;

namespace Basalt.Api.Streams;

/// <summary>GetShardIterator: TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER.</summary>
public sealed class GetShardIteratorOperation(Database database) : IStreamsOperation
{
    private const string TypeConstraint = "Member must satisfy enum value set: [TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER]";

    public string Name => "GetShardIterator";

    public async ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(response);
        var body = context.Body;
        var errors = new ValidationErrors();
        var arn = StreamParameters.ReadStreamArn(body, "StreamArn", "streamArn", errors, required: true);
        var shardId = StreamParameters.ReadShardId(body, "ShardId", "shardId", errors, required: true);
        var type = JsonParameters.GetString(body, "ShardIteratorType");
        if (type is null)
        {
            errors.Null("shardIteratorType");
        }
        else if (type is not ("TRIM_HORIZON" or "LATEST" or "AT_SEQUENCE_NUMBER" or "AFTER_SEQUENCE_NUMBER"))
        {
            errors.Add(ValidationErrors.Quote(type), "shardIteratorType", TypeConstraint);
        }

        var sequenceText = StreamParameters.ReadString(body, "SequenceNumber", "sequenceNumber", 21, 40, errors, required: false);
        errors.ThrowIfAny();

        var parsed = StreamParameters.ParseArn(arn!);
        var bySequence = type is "AT_SEQUENCE_NUMBER" or "AFTER_SEQUENCE_NUMBER";
        if (bySequence && sequenceText is null)
        {
            throw new ValidationException($"SequenceNumber is required for ShardIteratorType {type}");
        }

        if (!bySequence && sequenceText is not null)
        {
            throw new ValidationException($"SequenceNumber must not be specified for ShardIteratorType {type}");
        }

        ulong sequence = 0;
        if (sequenceText is not null && !ulong.TryParse(sequenceText, NumberStyles.None, CultureInfo.InvariantCulture, out sequence))
        {
            throw new ValidationException($"Invalid SequenceNumber: {sequenceText}");
        }

        await database.Streams.Catalog.ReconcileAsync(parsed.Region, parsed.TableName).ConfigureAwait(false);
        var stream = database.Streams.Catalog.Find(context.Region, parsed) ?? throw StreamErrors.StreamNotFound(arn!);
        var shard = stream.FindShard(shardId!) ?? throw StreamErrors.ShardNotFound(shardId!, arn!);
        var after = type switch
        {
            "TRIM_HORIZON" => shard.TrimmedThrough,
            "LATEST" => database.Streams.Reader.Latest(shard),
            "AT_SEQUENCE_NUMBER" => sequence == 0 ? 0 : sequence - 1,
            _ => sequence,
        };
        if (bySequence && after < shard.TrimmedThrough)
        {
            throw StreamErrors.Trimmed();
        }

        var iterator = new ShardIterator(stream.TableId, stream.CreatedMilliseconds, shard.Index, after, database.Clock.GetUtcNow().ToUnixTimeMilliseconds());
        response.WriteString("ShardIterator", iterator.Encode(stream.Arn));
    }
}
