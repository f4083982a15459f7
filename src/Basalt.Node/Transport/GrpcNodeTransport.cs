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
    private readonly GrpcTransportOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _changes = new();

    // Copy on write: the node's round reads it without a lock; peers come and go with the partition map.
    private volatile Dictionary<ulong, PeerSender> _peers = [];
    private Action<PeerStats>? _afterBatch;
    private long _unknown;

    /// <param name="self">This node's id (batches carry it).</param>
    /// <param name="peers">Every other node's gRPC address (an entry for <paramref name="self"/> is ignored).</param>
    public GrpcNodeTransport(ulong self, IReadOnlyDictionary<ulong, Uri> peers, GrpcTransportOptions? options = null, TimeProvider? time = null, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(peers);
        Self = self;
        _options = options ?? new GrpcTransportOptions();
        _time = time ?? TimeProvider.System;
        _logger = loggers?.CreateLogger<GrpcNodeTransport>() ?? (ILogger)NullLogger.Instance;
        var initial = new Dictionary<ulong, PeerSender>();
        foreach (var (id, address) in peers)
        {
            if (id != self)
            {
                initial[id] = new PeerSender(self, id, address, _options, _time, _logger);
            }
        }

        _peers = initial;
    }

    public ulong Self { get; }

    /// <summary>Messages dropped because they were addressed to a node with no address.</summary>
    public long UnknownPeerDrops => Interlocked.Read(ref _unknown);

    /// <summary>Per-peer counters, in peer order.</summary>
    public IReadOnlyList<PeerStats> Stats => [.. _peers.Values.OrderBy(p => p.Peer).Select(p => p.Stats)];

    /// <summary>The address messages to <paramref name="peer"/> go to, if it is known.</summary>
    public Uri? AddressOf(ulong peer) => _peers.TryGetValue(peer, out var sender) ? sender.Address : null;

    /// <summary>
    /// Learns (or changes) the address of node <paramref name="peer"/> (cluster mode: from the
    /// partition map). A changed address replaces the peer's connection; messages queued for the
    /// old one are dropped (Raft retransmits). Returns whether anything changed.
    /// </summary>
    public bool SetPeer(ulong peer, Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (peer == Self || peer == 0)
        {
            return false;
        }

        PeerSender? replaced;
        lock (_changes)
        {
            var peers = _peers;
            if (peers.TryGetValue(peer, out replaced) && replaced.Address == address)
            {
                return false;
            }

            var sender = new PeerSender(Self, peer, address, _options, _time, _logger) { AfterBatch = _afterBatch };
            _peers = new Dictionary<ulong, PeerSender>(peers) { [peer] = sender };
        }

        if (replaced is not null)
        {
            _ = replaced.DisposeAsync().AsTask();
        }

        return true;
    }

    /// <summary>Called after every batch written to, or failed on, a peer's call (tests wait on it).</summary>
    internal void OnBatch(Action<PeerStats>? callback)
    {
        lock (_changes)
        {
            _afterBatch = callback;
            foreach (var peer in _peers.Values)
            {
                peer.AfterBatch = callback;
            }
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
        Dictionary<ulong, PeerSender> peers;
        lock (_changes)
        {
            peers = _peers;
            _peers = [];
        }

        foreach (var peer in peers.Values)
        {
            await peer.DisposeAsync().ConfigureAwait(false);
        }
    }
}
