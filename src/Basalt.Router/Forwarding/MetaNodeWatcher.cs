using Basalt.Protocol.Meta.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Basalt.Router.Forwarding;

/// <summary>
/// Keeps a router's <see cref="NodeDirectory"/> current with the meta service's node list (every
/// node, its address and health, from <c>Meta.Status</c> on any member), off the request path:
/// table operations go to any healthy node, including before any table exists.
/// </summary>
public sealed class MetaNodeWatcher : IAsyncDisposable
{
    private readonly GrpcChannel[] _channels;
    private readonly Meta.MetaClient[] _clients;
    private readonly NodeDirectory _nodes;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private int _next;

    public MetaNodeWatcher(IReadOnlyList<Uri> members, NodeDirectory nodes, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(members);
        _channels = [.. members.Select(u => GrpcChannel.ForAddress(u))];
        _clients = [.. _channels.Select(c => new Meta.MetaClient(c))];
        _nodes = nodes;
        _time = time;
    }

    /// <summary>Time between two polls.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Polls once (trying each member until one answers); false when none did.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < _clients.Length; i++)
        {
            var client = _clients[(int)((uint)Interlocked.Increment(ref _next) % (uint)_clients.Length)];
            try
            {
                var status = await client.StatusAsync(new StatusRequest(), deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: cancellationToken).ConfigureAwait(false);
                foreach (var node in status.Nodes)
                {
                    _nodes.SetHealth(node.Id, node.Address, node.Healthy);
                }

                return true;
            }
            catch (RpcException) when (!cancellationToken.IsCancellationRequested)
            {
            }
        }

        return false;
    }

    /// <summary>Starts polling in the background.</summary>
    public void Start() => _loop = RunAsync(_stop.Token);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
            await Task.Delay(Interval, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}
