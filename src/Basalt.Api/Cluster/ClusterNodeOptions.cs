using System.Net;
using Basalt.Node;
using Basalt.Node.Transport;

namespace Basalt.Api.Cluster;

/// <summary>What a storage node in cluster mode runs (<c>basalt node --meta URLS</c>).</summary>
public sealed class ClusterNodeOptions
{
    /// <summary>This node's id (non-zero, unique in the cluster).</summary>
    public required ulong Id { get; init; }

    /// <summary>The node's availability zone (replicas of a partition are placed in distinct zones).</summary>
    public required string Zone { get; init; }

    /// <summary>Where the node serves Raft peers and routers' Items requests (gRPC, HTTP/2 without TLS).</summary>
    public required IPEndPoint Listen { get; init; }

    /// <summary>The meta members' gRPC addresses.</summary>
    public required IReadOnlyList<Uri> Meta { get; init; }

    /// <summary>The data directory (RocksDB); null keeps everything in memory.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Where the node serves status and <c>/metrics</c> over HTTP/1.1; null = nowhere.</summary>
    public IPEndPoint? Http { get; init; }

    /// <summary>How often the node reports its liveness and its groups' roles to the metadata service.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Replicas per partition of the tables this node creates.</summary>
    public int ReplicaCount { get; init; } = 3;

    /// <summary>Partitions of the tables this node creates.</summary>
    public int InitialPartitions { get; init; } = 1;

    /// <summary>How often expired items of the partitions this node leads are deleted (null: 1 minute; infinite: never, tests call the sweeper).</summary>
    public TimeSpan? SweepInterval { get; init; }

    public NodeOptions Node { get; init; } = new();

    public GrpcTransportOptions Transport { get; init; } = new();
}
