using Basalt.Metadata.Model;
using Basalt.Protocol.MemDs.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Basalt.Router.Routing;

/// <summary>
/// Lookups over the MemDS gRPC service (<c>MemDs.Lookup</c>): round robin over the MemDS processes,
/// failing over to the next one when a call fails; the last failure is thrown when every process failed.
/// </summary>
public sealed class GrpcMemDsClient : IMemDsClient, IDisposable
{
    private readonly GrpcChannel[] _channels;
    private readonly MemDs.MemDsClient[] _clients;
    private int _next;

    public GrpcMemDsClient(IReadOnlyList<Uri> memds)
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

    /// <summary>How long one MemDS call may take.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(2);

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
                return reply.Found ? FromWire(reply.Partition) : null;
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

    internal static PartitionInfo FromWire(Partition p) => new(
        p.TableId,
        p.Group,
        new HashRange(p.HashLo, p.HashLast),
        [.. p.Replicas.Select(r => new ReplicaInfo(r.Node, r.Zone, (ReplicaKind)r.Kind))],
        p.LeaderHint,
        p.Version);
}
