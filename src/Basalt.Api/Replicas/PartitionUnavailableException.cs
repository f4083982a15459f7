using Basalt.Model;

namespace Basalt.Api.Replicas;

/// <summary>
/// No replica of a partition can serve (no leader within the wait, or its node stopped before the
/// outcome of a write was known). DynamoDB answers 500 InternalServerError, which clients retry.
/// </summary>
public sealed class PartitionUnavailableException : DynamoDbException
{
    public PartitionUnavailableException(ulong group)
        : base("InternalServerError", $"Internal server error (partition {group} is unavailable)", 500)
    {
    }

    public PartitionUnavailableException(string message)
        : base("InternalServerError", message, 500)
    {
    }
}
