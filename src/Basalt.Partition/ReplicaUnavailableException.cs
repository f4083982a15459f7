namespace Basalt.Partition;

/// <summary>
/// A replica cannot take the request: it does not lead its group (or not yet: a new leader serves
/// once it has applied its first entry), or it was stopped. <see cref="LeaderHint"/> names the node
/// it believes leads (0 = unknown). Nothing of the request was proposed, so retrying is safe.
/// </summary>
public sealed class ReplicaUnavailableException : Exception
{
    public ReplicaUnavailableException()
        : this("The replica is not available.", 0)
    {
    }

    public ReplicaUnavailableException(string message)
        : this(message, 0)
    {
    }

    public ReplicaUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ReplicaUnavailableException(string message, ulong leaderHint)
        : base(message)
    {
        LeaderHint = leaderHint;
    }

    public ulong LeaderHint { get; }
}
