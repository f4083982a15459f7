using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using Basalt.Api.Tables;

namespace Basalt.Api.Streams;

/// <summary>
/// One stream of a table (each enable makes a new one), kept for 24 hours after it is disabled or
/// its table is deleted: what DescribeStream reports and where its records are. Immutable;
/// changes (close, split, trim) make a new one. Identified by (TableId, CreatedAt).
/// </summary>
public sealed record StreamDescriptor
{
    public required string Region { get; init; }

    public required string TableName { get; init; }

    /// <summary>The table's internal id (never reused, so a table re-created with the same name has other streams).</summary>
    public required ulong TableId { get; init; }

    public required string Label { get; init; }

    public required string ViewType { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required KeyAttribute PartitionKey { get; init; }

    public KeyAttribute? SortKey { get; init; }

    /// <summary>When the stream was disabled (or its table deleted); null while enabled.</summary>
    public DateTimeOffset? DisabledAt { get; init; }

    /// <summary>Every shard, in creation order (children after their parents).</summary>
    public required IReadOnlyList<StreamShard> Shards { get; init; }

    public bool IsEnabled => DisabledAt is null;

    public long CreatedMilliseconds => CreatedAt.ToUnixTimeMilliseconds();

    public string Arn => Arns.Stream(Region, TableName, Label);

    public StreamShard? FindShard(string shardId)
    {
        foreach (var shard in Shards)
        {
            if (string.Equals(shard.Id, shardId, StringComparison.Ordinal))
            {
                return shard;
            }
        }

        return null;
    }

    public StreamShard? FindShard(int index) => index >= 0 && index < Shards.Count ? Shards[index] : null;

    /// <summary>The open shard whose hash range holds <paramref name="hash"/> (null when the stream is closed).</summary>
    public StreamShard? OpenShardFor(ulong hash)
    {
        foreach (var shard in Shards)
        {
            if (shard.IsOpen && shard.Covers(hash))
            {
                return shard;
            }
        }

        return null;
    }

    /// <summary>DynamoDB-style shard ids: "shardId-" + 20 digits + "-" + 8 hex; they sort in creation order.</summary>
    public static string ShardId(ulong startingSequence, ulong tableId, long createdMs, int index)
    {
        Span<byte> bytes = stackalloc byte[20];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, tableId);
        BinaryPrimitives.WriteInt64BigEndian(bytes[8..], createdMs);
        BinaryPrimitives.WriteInt32BigEndian(bytes[16..], index);
        var tag = XxHash32.HashToUInt32(bytes);
        return string.Create(CultureInfo.InvariantCulture, $"shardId-{startingSequence:D20}-{tag:x8}");
    }

    /// <summary>Stream ARNs: the table ARN, "/stream/", the label.</summary>
    public static class Arns
    {
        public static string Stream(string region, string tableName, string label) =>
            $"arn:aws:dynamodb:{region}:{TableCatalog.AccountId}:table/{tableName}/stream/{label}";
    }
}
