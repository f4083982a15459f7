using Basalt.Replication;
using Prometheus;

namespace Basalt.Node.Transport;

/// <summary>
/// A storage node's transport and replicas on a Prometheus registry, read from their counters at
/// every scrape: per peer, messages and batches sent (their ratio is the batching factor), messages
/// dropped, calls opened and broken; messages and batches received; replicas hosted and led.
/// </summary>
public sealed class NodeTransportMetrics
{
    private readonly GrpcNodeTransport _transport;
    private readonly Func<RaftReceiver?> _receiver;
    private readonly StorageNode _node;
    private readonly Counter _sent;
    private readonly Counter _batches;
    private readonly Counter _dropped;
    private readonly Counter _connects;
    private readonly Counter _failures;
    private readonly Gauge _connected;
    private readonly Counter _received;
    private readonly Counter _batchesReceived;
    private readonly Counter _rejected;
    private readonly Gauge _replicas;
    private readonly Gauge _leaders;
    private readonly Counter _leadershipChanges;
    private readonly Dictionary<Partition.PartitionReplica, long> _seenLeadershipChanges = [];
    private readonly Gauge _replicationLag;
    private readonly Gauge _applyLag;

    public NodeTransportMetrics(CollectorRegistry registry, StorageNode node, GrpcNodeTransport transport, Func<RaftReceiver?> receiver)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(receiver);
        _node = node;
        _transport = transport;
        _receiver = receiver;
        var factory = Metrics.WithCustomRegistry(registry);
        string[] peer = ["peer"];
        _sent = factory.CreateCounter("basalt_node_raft_messages_sent_total", "Raft messages sent to a peer node", peer);
        _batches = factory.CreateCounter("basalt_node_raft_batches_sent_total", "Batches (gRPC stream frames) of Raft messages sent to a peer node", peer);
        _dropped = factory.CreateCounter("basalt_node_raft_messages_dropped_total", "Raft messages dropped: peer unreachable or its queue full", peer);
        _connects = factory.CreateCounter("basalt_node_raft_connects_total", "Streaming calls opened to a peer node", peer);
        _failures = factory.CreateCounter("basalt_node_raft_connection_failures_total", "Streaming calls to a peer node that broke", peer);
        _connected = factory.CreateGauge("basalt_node_raft_peer_connected", "1 while the last batch to a peer node went through", peer);
        _received = factory.CreateCounter("basalt_node_raft_messages_received_total", "Raft messages received from peer nodes");
        _batchesReceived = factory.CreateCounter("basalt_node_raft_batches_received_total", "Batches of Raft messages received from peer nodes");
        _rejected = factory.CreateCounter("basalt_node_raft_messages_rejected_total", "Received Raft messages not delivered (malformed or for another node)");
        _replicas = factory.CreateGauge("basalt_node_replicas", "Partition replicas hosted by this node");
        _leaders = factory.CreateGauge("basalt_node_leaders", "Partition replicas on this node that lead their group");
        _leadershipChanges = factory.CreateCounter("basalt_node_leader_changes_total", "Times a replica hosted here gained or lost its group's leadership");
        _replicationLag = factory.CreateGauge("basalt_node_replication_lag_entries", "Across the groups led here, the most log entries a member lacks");
        _applyLag = factory.CreateGauge("basalt_node_apply_lag_entries", "Across the replicas hosted here, the most committed entries not yet applied");
        registry.AddBeforeCollectCallback(Update);
    }

    private void Update()
    {
        // Two scrapes at once must not both add the same leadership changes.
        lock (_seenLeadershipChanges)
        {
            UpdateLocked();
        }
    }

    private void UpdateLocked()
    {
        foreach (var stats in _transport.Stats)
        {
            var label = stats.Peer.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _sent.WithLabels(label).IncTo(stats.MessagesSent);
            _batches.WithLabels(label).IncTo(stats.BatchesSent);
            _dropped.WithLabels(label).IncTo(stats.MessagesDropped);
            _connects.WithLabels(label).IncTo(stats.Connects);
            _failures.WithLabels(label).IncTo(stats.Failures);
            _connected.WithLabels(label).Set(stats.Connected ? 1 : 0);
        }

        if (_receiver() is { } receiver)
        {
            _received.IncTo(receiver.Messages);
            _batchesReceived.IncTo(receiver.Batches);
            _rejected.IncTo(receiver.Rejected);
        }

        var replicas = _node.Replicas;
        _replicas.Set(replicas.Count);
        _leaders.Set(replicas.Count(r => r.Role == RaftRole.Leader));
        ulong replicationLag = 0, applyLag = 0;
        foreach (var replica in replicas)
        {
            // Each replica's own count since it was hosted: add what is new since the last scrape.
            var changes = replica.LeadershipChanges;
            _leadershipChanges.Inc(changes - _seenLeadershipChanges.GetValueOrDefault(replica, 0));
            _seenLeadershipChanges[replica] = changes;
            replicationLag = Math.Max(replicationLag, replica.FollowerLag);
            var commit = replica.CommitIndex;
            var applied = replica.AppliedIndex;
            applyLag = Math.Max(applyLag, commit > applied ? commit - applied : 0);
        }

        foreach (var gone in _seenLeadershipChanges.Keys.Where(r => !replicas.Contains(r)).ToList())
        {
            _seenLeadershipChanges.Remove(gone);
        }

        _replicationLag.Set(replicationLag);
        _applyLag.Set(applyLag);
    }
}
