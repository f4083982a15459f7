using Basalt.Api.Protocol;

namespace Basalt.Api.Streams;

/// <summary>
/// An operation of the DynamoDB Streams API: answered for X-Amz-Target
/// "DynamoDBStreams_20120810.{Name}" (and only there), on the same endpoint as DynamoDB's own.
/// </summary>
public interface IStreamsOperation : IOperation
{
}
