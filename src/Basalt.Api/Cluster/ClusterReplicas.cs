using Basalt.Api.Replicas;
using Basalt.Api.Tables;
using Basalt.Metadata.Model;
using Basalt.Model;
using Basalt.Node;
using Basalt.Node.Transport;
using Basalt.Partition;
using Basalt.Replication;
using Basalt.Storage;

namespace Basalt.Api.Cluster;

/// <summary>
/// The partition replicas of one storage node in cluster mode: exactly those the partition map
/// places on this node, hosted on its one <see cref="StorageNode"/>, with peers' addresses learned
/// from the map's nodes. <see cref="ReconcileAsync"/> brings hosting in line with the map (new
/// tables' groups are hosted with the map's replicas as their first configuration, dropped tables
/// are unhosted and their logs, items and index entries deleted). <see cref="LeaderAsync"/> returns
/// the local replica when it leads and serves; otherwise it throws <see cref="NotLeaderException"/>
/// at once when another node leads, after a bounded wait (about an election) when no leader is
/// known yet, and with hosted = false when this node holds no replica.
/// </summary>
public sealed class ClusterReplicas(StorageNode node, GrpcNodeTransport transport, IClusterMap map, TimeProvider clock) : IPartitionReplicas
{
    private readonly SemaphoreSlim _hosting = new(1, 1);

    // Index ids of each table as this node last saw them: one that disappears (UpdateTable deleted
    // a global index) has its entries deleted here.
    private readonly Dictionary<ulong, HashSet<ulong>> _indexes = [];

    /// <summary>How long a request waits for the local replica of a group with no known leader to settle an election.</summary>
    public TimeSpan ElectionWait { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long CreateTable waits for every partition of the new table to have a leader in the map.</summary>
    public TimeSpan LeaderHintWait { get; init; } = TimeSpan.FromSeconds(10);

    public StorageNode Node => node;

    public IStorageEngine LocalEngine => node.Engine;

    public IReadOnlyList<IStorageEngine> Engines => [node.Engine];

    /// <summary>Whether this node's replica of <paramref name="group"/> leads it and serves now (no wait).</summary>
    public bool Leads(ulong group) => node.Replica(group) is { IsServing: true };

    public async ValueTask<PartitionReplica> LeaderAsync(TableDefinition table, ulong group, CancellationToken cancellationToken = default)
    {
        var replica = node.Replica(group);
        if (replica is null && PartitionOf(group) is { } partition && partition.ReplicaOn(node.Id) is not null)
        {
            // The map places it here but the reconciler has not hosted it yet (a table just created).
            await HostAsync(partition).ConfigureAwait(false);
            replica = node.Replica(group);
        }

        if (replica is null)
        {
            throw new NotLeaderException(group, PartitionOf(group)?.LeaderHint ?? 0, hosted: false);
        }

        var deadline = clock.GetUtcNow() + ElectionWait;
        while (true)
        {
            // The signal first: a replica that starts serving between the two reads completes it.
            var changed = replica.Changed;
            if (replica.IsServing)
            {
                return replica;
            }

            var hint = replica.LeaderHint;
            if (hint != 0 && hint != node.Id)
            {
                throw new NotLeaderException(group, hint, hosted: true);
            }

            var left = deadline - clock.GetUtcNow();
            if (left <= TimeSpan.Zero || replica.IsStopped)
            {
                throw new NotLeaderException(group, 0, hosted: !replica.IsStopped);
            }

            try
            {
                await changed.WaitAsync(left, clock, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new NotLeaderException(group, replica.LeaderHint == node.Id ? 0 : replica.LeaderHint, hosted: true);
            }
        }
    }

    /// <summary>
    /// A table with one partition: its leader's storage. A node holds no view of every partition of
    /// a larger table: routers send scans and global index queries per partition (<see cref="Items.ItemStore.ReadGroupViewAsync"/>).
    /// </summary>
    public async ValueTask<IStorageEngine> TableViewAsync(TableDefinition table, bool consistent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.PartitionCount != 1)
        {
            throw new DynamoDbException("InternalServerError", $"Internal server error (a storage node reads table {table.Name} one partition at a time: send the request with a partition group)", 500);
        }

        var leader = await LeaderAsync(table, PartitionRouting.GroupId(table.Id, 0), cancellationToken).ConfigureAwait(false);
        if (consistent)
        {
            await ReplicaCluster.CatchUpAsync(leader, leader, cancellationToken).ConfigureAwait(false);
        }

        return leader.Engine;
    }

    /// <summary>Waits (bounded by <see cref="LeaderHintWait"/>) until the map names a leader for every partition of the table.</summary>
    public async ValueTask WaitForLeadersAsync(TableDefinition table, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var deadline = clock.GetUtcNow() + LeaderHintWait;
        while (true)
        {
            var changed = map.Changed;
            var partitions = map.Store.PartitionsOf(table.Id);
            if (partitions.Count > 0 && partitions.All(p => p.LeaderHint != 0))
            {
                return;
            }

            var left = deadline - clock.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            try
            {
                await changed.WaitAsync(left, clock, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return;
            }
        }
    }

    /// <summary>Unhosts a dropped table's groups, deletes their logs, and deletes its items and index entries from this node.</summary>
    public async ValueTask ForgetTableAsync(ulong tableId)
    {
        var first = PartitionRouting.GroupId(tableId, 0);
        var end = PartitionRouting.GroupId(tableId + 1, 0);
        await _hosting.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var replica in node.Replicas.Where(r => r.Group >= first && r.Group < end).ToList())
            {
                node.Unhost(replica.Group);
            }

            var batch = new WriteBatch();
            ReplicaStorage.Forget(node.Engine, first, end, batch);
            await node.Engine.WriteAsync(batch, sync: false).ConfigureAwait(false);
        }
        finally
        {
            _hosting.Release();
        }

        await RangeDeletion.DeleteAsync(node.Engine, ColumnFamily.Data, KeyCodec.EncodeTablePrefix(tableId), KeyCodec.EncodeTablePrefix(tableId + 1), sync: false, CancellationToken.None).ConfigureAwait(false);
        await RangeDeletion.DeleteAsync(node.Engine, ColumnFamily.Data, KeyCodec.EncodeTablePrefix(ClusterIds.IndexRangeStart(tableId)), KeyCodec.EncodeTablePrefix(ClusterIds.IndexRangeStart(tableId + 1)), sync: false, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Brings this node in line with the map: learns peers' addresses, hosts the groups placed here,
    /// steps the membership of the groups it leads towards the map's replicas, lets go of replicas
    /// the map moved elsewhere once their group has removed them, and forgets the tables that left the map.
    /// </summary>
    public async ValueTask ReconcileAsync()
    {
        var store = map.Store;
        foreach (var peer in store.AllNodes)
        {
            if (peer.Id != node.Id && Uri.TryCreate(peer.Address, UriKind.Absolute, out var address))
            {
                transport.SetPeer(peer.Id, address);
            }
        }

        var placed = Placed();
        foreach (var partition in placed.Values)
        {
            if (node.Replica(partition.GroupId) is null)
            {
                await HostAsync(partition).ConfigureAwait(false);
            }
        }

        StepMemberships(placed);
        var dropped = new HashSet<ulong>();
        foreach (var replica in node.Replicas.ToList())
        {
            if (placed.ContainsKey(replica.Group))
            {
                continue;
            }

            var tableId = PartitionInfo.TableOf(replica.Group);
            if (store.FindTable(tableId) is null)
            {
                dropped.Add(tableId);
            }
            else if (!replica.Membership.Contains(node.Id) && replica.Membership.All.Any())
            {
                // The map moved this replica elsewhere and its group has taken it out: let it go.
                await ForgetGroupAsync(replica.Group).ConfigureAwait(false);
            }

            // Otherwise the group's leader has yet to take it out (it keeps voting until then).
        }

        foreach (var tableId in dropped)
        {
            await ForgetTableAsync(tableId).ConfigureAwait(false);
        }

        await PurgeDroppedIndexesAsync().ConfigureAwait(false);
    }

    /// <summary>Deletes from this node the entries of indexes that left their table's definition (and forgets tables that are gone).</summary>
    private async ValueTask PurgeDroppedIndexesAsync()
    {
        var store = map.Store;
        var purge = new List<ulong>();
        lock (_indexes)
        {
            foreach (var tableId in _indexes.Keys.Where(id => store.FindTable(id) is null).ToList())
            {
                _indexes.Remove(tableId);
            }

            foreach (var info in store.AllTables)
            {
                var table = ClusterDefinitions.Decode(info);
                var current = table.LocalIndexes.Concat(table.GlobalIndexes).Select(i => i.Id).ToHashSet();
                if (_indexes.TryGetValue(table.Id, out var seen))
                {
                    purge.AddRange(seen.Where(id => !current.Contains(id)));
                }

                _indexes[table.Id] = current;
            }
        }

        foreach (var id in purge)
        {
            await RangeDeletion.DeleteAsync(node.Engine, ColumnFamily.Data, KeyCodec.EncodeTablePrefix(id), KeyCodec.EncodeTablePrefix(id + 1), sync: false, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// For each group this node leads, takes the next step of its Raft membership towards the map's
    /// replicas (remove a dead member, add a log replica, build a full one: see
    /// <see cref="PartitionReplica.Reconcile"/>). Called on every map change and every heartbeat, as
    /// a step may take several rounds.
    /// </summary>
    public void StepMemberships() => StepMemberships(Placed());

    private void StepMemberships(Dictionary<ulong, PartitionInfo> placed)
    {
        foreach (var partition in placed.Values)
        {
            if (node.Replica(partition.GroupId) is not { IsServing: true } replica)
            {
                continue;
            }

            var desired = MembershipOf(partition);
            if (desired.Voters.Count == 0 || replica.Membership.Equals(desired))
            {
                continue;
            }

            try
            {
                replica.Reconcile(desired);
            }
            catch (ArgumentException)
            {
                // A step the group cannot take (the map asks for something unsafe): leave it to the next map.
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        // The node, its transport and its engine belong to the node host.
        _hosting.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The group's first configuration from the map: full replicas vote and may lead, log replicas only vote.</summary>
    public static Membership MembershipOf(PartitionInfo partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        return new Membership(
            partition.Replicas.Where(r => r.Kind == ReplicaKind.Full).Select(r => r.NodeId),
            partition.Replicas.Where(r => r.Kind == ReplicaKind.Log).Select(r => r.NodeId),
            []);
    }

    private async ValueTask HostAsync(PartitionInfo partition)
    {
        await _hosting.WaitAsync().ConfigureAwait(false);
        try
        {
            if (node.Replica(partition.GroupId) is not null || map.Store.FindTable(partition.TableId) is null)
            {
                return;
            }

            // A group that already has a leader is joined (healing placed this replica): the replica
            // learns the group's membership from its leader. A new table's group starts from the map.
            var join = partition.LeaderHint != 0 && partition.LeaderHint != node.Id;
            var replica = await node.HostAsync(partition.GroupId, MembershipOf(partition), join).ConfigureAwait(false);

            // A new group: one full replica campaigns at once instead of after an election timeout,
            // chosen by the partition's index so that a table's leaders spread over its replicas'
            // nodes (placement already spreads the replicas) instead of all going to the lowest ids.
            var full = partition.Replicas.Where(r => r.Kind == ReplicaKind.Full).Select(r => r.NodeId).Order().ToArray();
            var first = full.Length == 0 ? 0UL : full[(int)((partition.GroupId & 0xFFFF) % (ulong)full.Length)];
            if (replica.Term == 0 && first == node.Id)
            {
                node.Campaign(partition.GroupId);
            }
        }
        finally
        {
            _hosting.Release();
        }
    }

    /// <summary>The partitions the map places on this node, by group.</summary>
    private Dictionary<ulong, PartitionInfo> Placed()
    {
        var store = map.Store;
        var placed = new Dictionary<ulong, PartitionInfo>();
        foreach (var table in store.AllTables)
        {
            foreach (var partition in store.PartitionsOf(table.Id))
            {
                if (partition.ReplicaOn(node.Id) is not null)
                {
                    placed[partition.GroupId] = partition;
                }
            }
        }

        return placed;
    }

    /// <summary>Unhosts one group moved off this node and deletes its log and its data (the snapshot scope's keys).</summary>
    private async ValueTask ForgetGroupAsync(ulong group)
    {
        var ranges = node.SnapshotScope?.Ranges(group) ?? [];
        await _hosting.WaitAsync().ConfigureAwait(false);
        try
        {
            node.Unhost(group);
            var batch = new WriteBatch();
            ReplicaStorage.Forget(node.Engine, group, group + 1, batch);
            await node.Engine.WriteAsync(batch, sync: false).ConfigureAwait(false);
        }
        finally
        {
            _hosting.Release();
        }

        foreach (var range in ranges.Where(r => r.Belongs is null))
        {
            await RangeDeletion.DeleteAsync(node.Engine, ColumnFamily.Data, range.Lower, range.Upper, sync: false, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private PartitionInfo? PartitionOf(ulong group)
    {
        foreach (var partition in map.Store.PartitionsOf(PartitionInfo.TableOf(group)))
        {
            if (partition.GroupId == group)
            {
                return partition;
            }
        }

        return null;
    }
}
