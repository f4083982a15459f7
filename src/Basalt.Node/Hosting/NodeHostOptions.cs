using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Basalt.Node.Hosting;

/// <summary>What a storage-node process runs: its identity, its peers, where it keeps data, what it hosts.</summary>
public sealed class NodeHostOptions
{
    /// <summary>This node's id (non-zero, unique in the cluster).</summary>
    public required ulong Id { get; init; }

    /// <summary>Where the node serves its peers (gRPC over HTTP/2 without TLS).</summary>
    public required IPEndPoint Listen { get; init; }

    /// <summary>Every node's gRPC address by id (this node's own entry, if any, is not used for sending).</summary>
    public required IReadOnlyDictionary<ulong, Uri> Peers { get; init; }

    /// <summary>The data directory (RocksDB); null keeps everything in memory.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>The node's zone (reported; placement by zone comes with the metadata service).</summary>
    public string Zone { get; init; } = "default";

    /// <summary>The Raft groups this node hosts a replica of, each with every node of <see cref="Peers"/> (and this one) as voters.</summary>
    public IReadOnlyList<ulong> Groups { get; init; } = [];

    /// <summary>Where the node serves status (<c>/_basalt/node</c>) and <c>/metrics</c> over HTTP/1.1; null = nowhere.</summary>
    public IPEndPoint? Http { get; init; }

    public NodeOptions Node { get; init; } = new();

    public Transport.GrpcTransportOptions Transport { get; init; } = new();

    /// <summary>Registers what the services added by <see cref="Map"/> need (cluster mode: the Items service).</summary>
    public Action<IServiceCollection>? Services { get; init; }

    /// <summary>Adds gRPC services and endpoints to the node's server (cluster mode: the Items service).</summary>
    public Action<WebApplication>? Map { get; init; }
}
