using Basalt.Replication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Basalt.Node.Transport;

/// <summary>
/// Carries Raft messages between storage nodes over gRPC: one long-lived client-streaming call per
/// peer (basalt.node.v1.RaftTransport/Stream), fed by a per-peer queue. <see cref="Send"/> only
/// queues; <see cref="Flush"/> (the node calls it after each phase of a round) sends each peer
/// everything queued for it, from every group, as one batch. Messages to an unknown or unreachable
/// node are dropped: Raft retransmits. Nothing here ever blocks the node's round.
/// </summary>
public sealed class GrpcNodeTransport : INodeTransport, IAsyncDisposable
{
    private readonly Dictionary<ulong, PeerSender> _peers = [];
    private long _unknown;

    /// <param name="self">This node's id (batches carry it).</param>
    /// <param name="peers">Every other node's gRPC address (an entry for <paramref name="self"/> is ignored).</param>
    public GrpcNodeTransport(ulong self, IReadOnlyDictionary<ulong, Uri> peers, GrpcTransportOptions? options = null, TimeProvider? time = null, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(peers);
        Self = self;
        var logger = loggers?.CreateLogger<GrpcNodeTransport>() ?? (ILogger)NullLogger.Instance;
        foreach (var (id, address) in peers)
        {
            if (id != self)
            {
                _peers[id] = new PeerSender(self, id, address, options ?? new GrpcTransportOptions(), time ?? TimeProvider.System, logger);
            }
        }
    }

    public ulong Self { get; }

    /// <summary>Messages dropped because they were addressed to a node with no address.</summary>
    public long UnknownPeerDrops => Interlocked.Read(ref _unknown);

    /// <summary>Per-peer counters, in peer order.</summary>
    public IReadOnlyList<PeerStats> Stats => [.. _peers.Values.OrderBy(p => p.Peer).Select(p => p.Stats)];

    /// <summary>Called after every batch written to, or failed on, a peer's call (tests wait on it).</summary>
    internal void OnBatch(Action<PeerStats>? callback)
    {
        foreach (var peer in _peers.Values)
        {
            peer.AfterBatch = callback;
        }
    }

    public void Send(ulong group, Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_peers.TryGetValue(message.To, out var peer))
        {
            peer.Enqueue(group, message);
        }
        else
        {
            Interlocked.Increment(ref _unknown);
        }
    }

    public void Flush()
    {
        foreach (var peer in _peers.Values)
        {
            if (peer.HasQueued)
            {
                peer.Flush();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var peer in _peers.Values)
        {
            await peer.DisposeAsync().ConfigureAwait(false);
        }
    }
}
