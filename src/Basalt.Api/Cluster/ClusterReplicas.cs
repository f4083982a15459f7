using System.Collections.Immutable;
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
    private readonly Dictionary<ulong, ImmutableArray<ReplicaInfo>> _known = [];

    /// <summary>How long a request waits for the local replica of a group with no known leader to settle an election.</summary>
    public TimeSpan ElectionWait { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long CreateTable waits for every partition of the new table to have a leader in the map.</summary>
    public TimeSpan LeaderHintWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Called when the map changes the replicas of a group this node keeps hosting (a replica moved or
    /// changed kind: autoadmin's healing). The group's leader reconciles Raft membership to the map
    /// there. Null: nothing is done (membership changes come with healing).
    /// </summary>
    public Func<PartitionInfo, PartitionReplica, ValueTask>? ReplicasChanged { get; set; }

    public StorageNode Node => node;

    public IStorageEngine LocalEngine => node.Engine;

    public IReadOnlyList<IStorageEngine> Engines => [node.Engine];

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
                lock (_known)
                {
                    _known.Remove(replica.Group);
                }
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
    /// forgets the tables that left the map, and hands replica-set changes to <see cref="ReplicasChanged"/>.
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

        foreach (var partition in placed.Values)
        {
            if (node.Replica(partition.GroupId) is not { } replica)
            {
                await HostAsync(partition).ConfigureAwait(false);
            }
            else if (Changed(partition) && ReplicasChanged is { } hook)
            {
                await hook(partition, replica).ConfigureAwait(false);
            }
        }

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

            // Otherwise the map moved this replica elsewhere: healing's reconcile hook (through the
            // group's leader) takes it out of the group; the node keeps hosting it until then.
        }

        foreach (var tableId in dropped)
        {
            await ForgetTableAsync(tableId).ConfigureAwait(false);
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

            var replica = await node.HostAsync(partition.GroupId, MembershipOf(partition)).ConfigureAwait(false);
            lock (_known)
            {
                _known[partition.GroupId] = partition.Replicas;
            }

            // A new group: its lowest-id full replica campaigns at once instead of after an election timeout.
            var first = partition.Replicas.Where(r => r.Kind == ReplicaKind.Full).Select(r => r.NodeId).DefaultIfEmpty(0UL).Min();
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

    /// <summary>Whether the map's replicas of the group differ from what this node last saw (and records them).</summary>
    private bool Changed(PartitionInfo partition)
    {
        lock (_known)
        {
            if (_known.TryGetValue(partition.GroupId, out var seen) && seen.SequenceEqual(partition.Replicas))
            {
                return false;
            }

            _known[partition.GroupId] = partition.Replicas;
            return true;
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
