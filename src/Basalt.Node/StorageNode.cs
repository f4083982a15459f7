using System.Collections.Concurrent;
using Basalt.Partition;
using Basalt.Replication;
using Basalt.Storage;

namespace Basalt.Node;

/// <summary>
/// A storage node: hosts many partition replicas on one storage engine. One processing round
/// (<see cref="ProcessAsync"/>) takes the Ready of every replica with work, applies every committed
/// command as one unsynced batch (items are caught up from the log after a crash) and resolves the
/// writes waiting on them, sends leaders' messages, writes all log entries and hard states as one
/// write batch (synced once if any replica needs it: group commit across groups), sends the other
/// replicas' messages (only now that what they acknowledge is durable), then advances every replica. The node is
/// driven from outside — <see cref="NodeRunner"/> in a server, the simulator in tests — so the same
/// code runs on real time and on virtual time.
/// </summary>
public sealed class StorageNode : Transport.IRaftMessageSink
{
    private readonly ConcurrentDictionary<ulong, PartitionReplica> _replicas = new();

    // Replicas that may have a Ready: a round visits only these, not every hosted replica.
    private readonly ConcurrentQueue<PartitionReplica> _dirty = new();
    private readonly ConcurrentQueue<(ulong Group, Message Message)> _inbox = new();
    private readonly INodeTransport _transport;
    private readonly NodeOptions _options;
    private readonly WriteBatch _log = new();
    private readonly WriteBatch _data = new();
    private readonly List<(PartitionReplica Replica, Ready Ready)> _readies = [];
    private volatile bool _stopped;

    public StorageNode(ulong id, IStorageEngine engine, INodeTransport transport, NodeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(transport);
        if (id == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(id), "Node id 0 is reserved.");
        }

        Id = id;
        Engine = engine;
        _transport = transport;
        _options = options ?? new NodeOptions();
    }

    public ulong Id { get; }

    public IStorageEngine Engine { get; }

    public bool IsStopped => _stopped;

    /// <summary>Called whenever the node has new work (set by the runner).</summary>
    public Action Wake { get; set; } = static () => { };

    /// <summary>Adjusts a replica's Raft settings before it starts (the simulator varies them and injects protocol bugs).</summary>
    internal Func<ulong, RaftConfig, RaftConfig>? ConfigureRaft { get; set; }

    /// <summary>Deliberate defects for the simulator (never set outside tests).</summary>
    internal NodeInjectedBugs Bugs { get; set; }

    /// <summary>The election-timeout randomness of a group's replica (the simulator's seeded stream).</summary>
    internal Func<ulong, Random>? RandomFor { get; set; }

    public IReadOnlyCollection<PartitionReplica> Replicas => (IReadOnlyCollection<PartitionReplica>)_replicas.Values;

    public PartitionReplica? Replica(ulong group) => _replicas.TryGetValue(group, out var replica) ? replica : null;

    /// <summary>
    /// The keys of each group's data snapshots (what a new or rebuilt replica receives); set by the
    /// host before replicas are hosted. Without it no replica can make or install one.
    /// </summary>
    public IPartitionSnapshotScope? SnapshotScope { get; set; }

    /// <summary>
    /// Hosts the node's replica of <paramref name="group"/>: reopened from the log when the node has
    /// it, otherwise created with <paramref name="membership"/> as the group's first configuration
    /// (a founding member), or — with <paramref name="join"/> — knowing nothing until the leader of
    /// an existing group contacts it (a member being added). The replica's kind follows from the
    /// membership: when this node is one of its log replicas, the replica keeps the log but no items
    /// (until the leader installs a data snapshot on it).
    /// </summary>
    public async ValueTask<PartitionReplica> HostAsync(ulong group, Replication.Membership membership, bool join = false)
    {
        ArgumentNullException.ThrowIfNull(membership);
        if (_replicas.TryGetValue(group, out var existing))
        {
            return existing;
        }

        var (state, persisted) = ReplicaStorage.Load(Engine, group, join ? Replication.Membership.Empty : membership);
        if (!persisted)
        {
            var batch = new WriteBatch();
            batch.Put(ColumnFamily.Meta, ReplicaStorage.MembershipKey(group), (join ? Replication.Membership.Empty : membership).Encode());
            batch.Put(ColumnFamily.Meta, ReplicaStorage.HoldsDataKey(group), ReplicaStorage.EncodeHoldsData(!membership.IsLogReplica(Id)));
            await Engine.WriteAsync(batch, sync: true).ConfigureAwait(false);
        }

        var config = new RaftConfig
        {
            Id = Id,
            ElectionTicks = _options.ElectionTicks,
            HeartbeatTicks = _options.HeartbeatTicks,
            MaxSnapshotChunkBytes = _options.SnapshotChunkBytes,
        };
        config = ConfigureRaft?.Invoke(group, config) ?? config;

        // Seeded from the group and node (HashCode.Combine is randomised per process): the same
        // replica draws the same election timeouts in every run, and replicas of a group differ.
        var random = RandomFor?.Invoke(group) ?? new Random(unchecked((int)(((group * 0x9E3779B97F4A7C15UL) ^ (Id * 0xC2B2AE3D27D4EB4FUL)) >> 32)));
        PartitionReplica? self = null;
        var replica = self = new PartitionReplica(group, Engine, config, state, random, () => MarkDirty(self!))
        {
            CompactionThreshold = _options.LogCompactionThreshold,
            PersistsLog = _options.PersistsLog,
            HoldsData = ReplicaStorage.HoldsData(Engine, group),
            SnapshotScope = SnapshotScope,
        };
        if (_stopped)
        {
            replica.Stop();
        }

        var hosted = _replicas.GetOrAdd(group, replica);
        if (hosted == replica)
        {
            // A reopened replica may have committed entries to apply before anything else happens.
            MarkDirty(replica);
        }

        return hosted;
    }

    /// <summary>
    /// If this node's replica of <paramref name="group"/> leads, takes the next step towards
    /// <paramref name="desired"/> (see <see cref="PartitionReplica.Reconcile"/>); other nodes ignore it.
    /// </summary>
    public ReconcileStatus Reconcile(ulong group, Replication.Membership desired) =>
        Replica(group) is { } replica ? replica.Reconcile(desired) : ReconcileStatus.NotLeader;

    /// <summary>Stops hosting a group (its log and items are the caller's to delete).</summary>
    public void Unhost(ulong group)
    {
        if (_replicas.TryRemove(group, out var replica))
        {
            replica.Stop();
        }
    }

    /// <summary>Starts an election for <paramref name="group"/> on this node now (instead of after an election timeout).</summary>
    public void Campaign(ulong group)
    {
        if (Replica(group) is { } replica)
        {
            replica.Campaign();
            MarkDirty(replica);
        }
    }

    /// <summary>Asks this node's replica, if it leads, to hand leadership of <paramref name="group"/> to <paramref name="target"/>.</summary>
    public TransferStatus TransferLeadership(ulong group, ulong target)
    {
        if (Replica(group) is not { } replica)
        {
            return TransferStatus.NotLeader;
        }

        var status = replica.TransferLeadership(target);
        MarkDirty(replica);
        return status;
    }

    /// <summary>A message for one of this node's replicas (from the transport).</summary>
    public void Deliver(ulong group, Message message)
    {
        if (_stopped)
        {
            return;
        }

        _inbox.Enqueue((group, message));
        Wake();
    }

    /// <summary>Advances every replica's clock by one tick.</summary>
    public void Tick()
    {
        if (_stopped)
        {
            return;
        }

        foreach (var replica in _replicas.Values)
        {
            replica.Tick();
            if (replica.HasReady)
            {
                MarkDirty(replica);
            }
        }
    }

    /// <summary>Queues a replica for the next round (once, however often it is marked before the round takes it).</summary>
    private void MarkDirty(PartitionReplica replica)
    {
        if (Interlocked.Exchange(ref replica.QueuedForRound, 1) == 0)
        {
            _dirty.Enqueue(replica);
        }

        Wake();
    }

    /// <summary>One processing round; false when there was nothing to do. Not reentrant: one caller at a time.</summary>
    public async ValueTask<bool> ProcessAsync()
    {
        if (_stopped)
        {
            return false;
        }

        while (_inbox.TryDequeue(out var delivery))
        {
            if (Replica(delivery.Group) is { } stepped)
            {
                stepped.Step(delivery.Message);
                if (Interlocked.Exchange(ref stepped.QueuedForRound, 1) == 0)
                {
                    _dirty.Enqueue(stepped);
                }
            }
        }

        _readies.Clear();
        var visit = _dirty.Count;
        for (var i = 0; i < visit && _dirty.TryDequeue(out var replica); i++)
        {
            // Cleared before taking the Ready: anything that happens to it from here queues it again.
            Volatile.Write(ref replica.QueuedForRound, 0);
            if (Replica(replica.Group) == replica && replica.TakeReady() is { } ready)
            {
                _readies.Add((replica, ready));
            }
        }

        if (_readies.Count == 0)
        {
            return false;
        }

        // Committed commands already in the local log first: durable on a quorum and here, they are
        // applied and acknowledged without waiting for this round's log sync.
        await ApplyAsync(durable: true).ConfigureAwait(false);

        // A leader may send its entries before it has them durably itself (it counts itself toward
        // the quorum only once they are); everyone else answers only after the sync.
        foreach (var (replica, ready) in _readies)
        {
            if (ready.SoftState.Role == RaftRole.Leader)
            {
                Send(replica, ready);
            }
        }

        _transport.Flush();

        _log.Clear();
        var sync = false;
        foreach (var (replica, ready) in _readies)
        {
            replica.Persist(ready, _log);
            sync |= ready.MustSync;
        }

        if (_log.Count > 0)
        {
            await Engine.WriteAsync(_log, sync).ConfigureAwait(false);
        }

        foreach (var (replica, ready) in _readies)
        {
            if (ready.SoftState.Role != RaftRole.Leader)
            {
                Send(replica, ready);
            }
        }

        _transport.Flush();

        // Committed commands that came in this round (a follower learns entries and their commitment
        // at once) only now that the log holds them.
        await ApplyAsync(durable: false).ConfigureAwait(false);

        foreach (var (replica, ready) in _readies)
        {
            replica.Complete(ready);
            if (replica.HasReady)
            {
                MarkDirty(replica);
            }
        }

        return true;
    }

    /// <summary>Applies the committed commands of every Ready that are (or are not yet) in the local durable log, as one unsynced batch.</summary>
    private async ValueTask ApplyAsync(bool durable)
    {
        _data.Clear();
        foreach (var (replica, ready) in _readies)
        {
            replica.Apply(ready, _data, durable);
        }

        if (_data.Count > 0)
        {
            if (Bugs.HasFlag(NodeInjectedBugs.AppliedIndexBeforeItems))
            {
                await WriteAppliedIndexFirstAsync().ConfigureAwait(false);
            }
            else
            {
                await Engine.WriteAsync(_data, sync: false).ConfigureAwait(false);
            }
        }

        foreach (var (replica, ready) in _readies)
        {
            replica.CompleteApplied(ready, durable);
        }
    }

    /// <summary>The injected defect: the meta operations (applied indexes) synced, then the items unsynced.</summary>
    private async ValueTask WriteAppliedIndexFirstAsync()
    {
        var meta = new WriteBatch();
        var items = new WriteBatch();
        for (var i = 0; i < _data.Count; i++)
        {
            var target = _data.GetColumnFamily(i) == ColumnFamily.Meta ? meta : items;
            if (_data.IsDelete(i))
            {
                target.Delete(_data.GetColumnFamily(i), _data.GetKey(i));
            }
            else
            {
                target.Put(_data.GetColumnFamily(i), _data.GetKey(i), _data.GetValue(i));
            }
        }

        await Engine.WriteAsync(meta, sync: true).ConfigureAwait(false);
        await Engine.WriteAsync(items, sync: false).ConfigureAwait(false);
    }

    private void Send(PartitionReplica replica, Ready ready)
    {
        foreach (var message in ready.Messages)
        {
            _transport.Send(replica.Group, message);
        }
    }

    /// <summary>Stops the node: replicas fail their waiters, messages are dropped. The engine stays open (its owner closes it).</summary>
    public void Stop()
    {
        _stopped = true;
        foreach (var replica in _replicas.Values)
        {
            replica.Stop();
        }
    }
}
