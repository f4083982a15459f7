using Basalt.Model;

namespace Basalt.Api.Cluster;

/// <summary>
/// Cluster mode: this storage node cannot serve a partition the request needs, because another node
/// leads it (<see cref="LeaderNode"/>), no leader is known yet (0: an election is in progress), or
/// the node holds no replica of it (<see cref="Hosted"/> false). The Items service answers it with
/// a route correction and the router retries at the leader; should it reach a client it is a 500.
/// </summary>
public sealed class NotLeaderException : DynamoDbException
{
    public NotLeaderException(ulong group, ulong leaderNode, bool hosted)
        : base("InternalServerError", $"Internal server error (this node does not lead partition {group})", 500)
    {
        Group = group;
        LeaderNode = leaderNode;
        Hosted = hosted;
    }

    public ulong Group { get; }

    /// <summary>The node that leads the group as this node knows it; 0 when unknown.</summary>
    public ulong LeaderNode { get; }

    /// <summary>Whether this node holds a replica of the group at all.</summary>
    public bool Hosted { get; }
}
