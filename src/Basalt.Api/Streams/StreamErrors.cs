using System.Globalization;
using Basalt.Model;

namespace Basalt.Api.Streams;

/// <summary>The errors of the DynamoDB Streams API, worded as DynamoDB words them.</summary>
public static class StreamErrors
{
    public static DynamoDbException StreamNotFound(string arn) =>
        new("ResourceNotFoundException", $"Requested resource not found: Stream: {arn} not found");

    public static DynamoDbException ShardNotFound(string shardId, string arn) =>
        new("ResourceNotFoundException", $"Requested resource not found: Shard: {shardId} in Stream: {arn} not found");

    public static DynamoDbException Expired() =>
        new("ExpiredIteratorException", "The provided iterator exceeds the maximum age allowed.");

    public static DynamoDbException Trimmed() =>
        new("TrimmedDataAccessException", "The data you are trying to access has been trimmed");

    public static ValidationException InvalidIterator() => new("Invalid ShardIterator");

    public static ValidationException InvalidArn(string arn) => new($"Invalid StreamArn: {arn}");

    /// <summary>A sequence number written the way DynamoDB writes them: decimal, at least 21 digits.</summary>
    public static string FormatSequence(ulong sequence) => sequence.ToString("D21", CultureInfo.InvariantCulture);
}
