using System.Collections.Concurrent;
using Basalt.Protocol.Items.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Basalt.Router.Forwarding;

/// <summary><c>Items.Execute</c> over gRPC: one channel (HTTP/2 connection pool) per node address, kept alive.</summary>
public sealed class GrpcNodeExecutor : INodeExecutor, IDisposable
{
    private const int MaxMessageBytes = 64 * 1024 * 1024;
    private readonly ConcurrentDictionary<string, Lazy<(GrpcChannel Channel, Items.ItemsClient Client)>> _clients = new(StringComparer.Ordinal);

    /// <summary>How long one call may take (above a node's own commit timeout, so the node answers first).</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(40);

    public async Task<ExecuteReply> ExecuteAsync(ulong nodeId, string address, ExecuteRequest request, CancellationToken cancellationToken)
    {
        var client = _clients.GetOrAdd(address, a => new Lazy<(GrpcChannel, Items.ItemsClient)>(() => Open(a))).Value.Client;
        try
        {
            return await client.ExecuteAsync(request, deadline: DateTime.UtcNow + CallTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.Unavailable && NotConnected(error))
        {
            throw new NodeUnreachableException($"storage node {nodeId} at {address} refused the connection", error);
        }
    }

    /// <summary>
    /// Whether the call failed while connecting (refused, unreachable, connect timeout): the request
    /// was never sent. A connection that breaks later (reset, closed) may have delivered it.
    /// </summary>
    private static bool NotConnected(RpcException error)
    {
        for (var inner = error.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError })
            {
                return true;
            }
        }

        return false;
    }

    public void Dispose()
    {
        foreach (var entry in _clients.Values)
        {
            if (entry.IsValueCreated)
            {
                entry.Value.Channel.Dispose();
            }
        }
    }

    private static (GrpcChannel, Items.ItemsClient) Open(string address)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(2),
            KeepAlivePingDelay = TimeSpan.FromSeconds(5),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            EnableMultipleHttp2Connections = true,
        };
        var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxSendMessageSize = MaxMessageBytes,
            MaxReceiveMessageSize = MaxMessageBytes,
        });
        return (channel, new Items.ItemsClient(channel));
    }
}
