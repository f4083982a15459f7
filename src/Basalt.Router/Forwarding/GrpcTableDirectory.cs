using System.Collections.Immutable;
using Basalt.Metadata.Model;
using Basalt.Protocol.MemDs.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Basalt.Router.Forwarding;

/// <summary>
/// Lookups over the MemDS gRPC service: tables (<c>MemDs.Table</c>) and key routes
/// (<c>MemDs.Lookup</c>, for the <see cref="Routing.RouteCache"/>), round robin over the MemDS
/// processes, failing over to the next one when a call fails (the last failure is thrown when every
/// process failed). Replica addresses in the answers
/// go to <see cref="Nodes"/> when set.
/// </summary>
public sealed class GrpcTableDirectory : ITableDirectory, Routing.IMemDsClient, IDisposable
{
    private readonly GrpcChannel[] _channels;
    private readonly MemDs.MemDsClient[] _clients;
    private int _next;

    public GrpcTableDirectory(IReadOnlyList<Uri> memds)
    {
        ArgumentNullException.ThrowIfNull(memds);
        if (memds.Count == 0)
        {
            throw new ArgumentException("At least one MemDS address is needed.", nameof(memds));
        }

        _channels = [.. memds.Select(u => GrpcChannel.ForAddress(u, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                ConnectTimeout = TimeSpan.FromSeconds(2),
            },
        }))];
        _clients = [.. _channels.Select(c => new MemDs.MemDsClient(c))];
    }

    /// <summary>Where replica addresses from lookups are recorded.</summary>
    public NodeDirectory? Nodes { get; init; }

    /// <summary>How long one MemDS call may take.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public async ValueTask<TableRoute?> FindAsync(string region, string name, CancellationToken cancellationToken = default)
    {
        var first = (int)((uint)Interlocked.Increment(ref _next) % (uint)_clients.Length);
        for (var i = 0; ; i++)
        {
            var client = _clients[(first + i) % _clients.Length];
            try
            {
                var reply = await client.TableAsync(
                    new TableRequest { Region = region, Name = name },
                    deadline: DateTime.UtcNow + CallTimeout,
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                return reply.Found ? ToRoute(reply) : null;
            }
            catch (RpcException) when (i + 1 < _clients.Length && !cancellationToken.IsCancellationRequested)
            {
                // Try the next MemDS process.
            }
        }
    }

    public async ValueTask<PartitionInfo?> LookupAsync(ulong tableId, ulong keyHash, CancellationToken cancellationToken = default)
    {
        var first = (int)((uint)Interlocked.Increment(ref _next) % (uint)_clients.Length);
        for (var i = 0; ; i++)
        {
            var client = _clients[(first + i) % _clients.Length];
            try
            {
                var reply = await client.LookupAsync(
                    new LookupRequest { TableId = tableId, KeyHash = keyHash },
                    deadline: DateTime.UtcNow + CallTimeout,
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                if (!reply.Found || reply.Partition is null)
                {
                    return null;
                }

                foreach (var replica in reply.Partition.Replicas)
                {
                    Nodes?.Learn(replica.Node, replica.Address);
                }

                return ToPartition(reply.Partition);
            }
            catch (RpcException) when (i + 1 < _clients.Length && !cancellationToken.IsCancellationRequested)
            {
                // Try the next MemDS process.
            }
        }
    }

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }

    internal static TableRoute ToRoute(TableReply reply)
    {
        var table = new TableInfo(reply.Region, reply.Name, reply.TableId, reply.Definition.ToByteArray(), reply.TableVersion);
        var partitions = reply.Partitions
            .Select(ToPartition)
            .OrderBy(p => p.Range.Lo)
            .ToImmutableArray();
        var nodes = reply.Nodes.Select(n => new NodeInfo(n.Id, n.Zone, n.Address)).ToList();
        foreach (var replica in reply.Partitions.SelectMany(p => p.Replicas))
        {
            if (replica.Address.Length != 0 && nodes.TrueForAll(n => n.Id != replica.Node))
            {
                nodes.Add(new NodeInfo(replica.Node, replica.Zone, replica.Address));
            }
        }

        return new TableRoute(table, partitions, nodes, reply.MapVersion);
    }

    private static PartitionInfo ToPartition(Partition p) => new(
        p.TableId,
        p.Group,
        new HashRange(p.HashLo, p.HashLast),
        [.. p.Replicas.Select(r => new ReplicaInfo(r.Node, r.Zone, (ReplicaKind)r.Kind))],
        p.LeaderHint,
        p.Version);
}
