using System.Collections.Concurrent;
using Basalt.Api.Tables;
using Basalt.Model;
using Basalt.Node;
using Basalt.Partition;
using Basalt.Replication;
using Basalt.Storage;
using Microsoft.Extensions.Logging;

namespace Basalt.Api.Replicas;

/// <summary>
/// The storage nodes of one server process and the partition groups they host: one node (groups of
/// one) or three (groups of three, one replica per node), each on its own storage engine, linked by
/// an in-process transport. Finds a partition's serving leader for writes and strong reads, and
/// stops and restarts nodes (the admin operation). Every node hosts a replica of every partition.
/// </summary>
public sealed class ReplicaCluster : IPartitionReplicas
{
    private readonly IReadOnlyList<IStorageEngine> _engines;
    private readonly TimeProvider _time;
    private readonly NodeOptions _options;
    private readonly ILoggerFactory? _loggers;
    private readonly InProcessTransport _transport = new();
    private readonly NodeRunner?[] _runners;
    private readonly ConcurrentDictionary<ulong, byte> _groups = new();
    private readonly ConcurrentDictionary<ulong, PartitionReplica> _leaders = new();
    private readonly SemaphoreSlim _membershipLock = new(1, 1);
    private readonly Membership _membership;

    public ReplicaCluster(IReadOnlyList<IStorageEngine> engines, TimeProvider time, NodeOptions? options = null, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentNullException.ThrowIfNull(time);
        if (engines.Count is not (1 or 3))
        {
            throw new ArgumentException("A server runs one or three storage nodes.", nameof(engines));
        }

        _engines = engines;
        _time = time;
        _options = options ?? new NodeOptions();
        _loggers = loggers;
        _runners = new NodeRunner?[engines.Count];
        _membership = Membership.OfVoters([.. Enumerable.Range(1, engines.Count).Select(i => (ulong)i)]);
        for (var i = 0; i < engines.Count; i++)
        {
            Start(i);
        }
    }

    /// <summary>How long a request waits for a partition to have a serving leader before it fails.</summary>
    public TimeSpan LeaderTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public int ReplicaCount => _engines.Count;

    /// <summary>The engine of node 1, which also holds the table catalog and stream metadata.</summary>
    public IStorageEngine PrimaryEngine => _engines[0];

    IStorageEngine IPartitionReplicas.LocalEngine => _engines[0];

    /// <summary>The running nodes (a stopped node is absent).</summary>
    public IEnumerable<StorageNode> RunningNodes => _runners.Where(r => r is not null).Select(r => r!.Node);

    public StorageNode? Node(ulong id) => id >= 1 && id <= (ulong)_runners.Length ? _runners[id - 1]?.Node : null;

    /// <summary>Hosts every partition of <paramref name="table"/> on every running node (idempotent) and starts elections on the first.</summary>
    public async ValueTask HostAsync(TableDefinition table)
    {
        ArgumentNullException.ThrowIfNull(table);
        foreach (var group in PartitionRouting.GroupsOf(table))
        {
            await HostGroupAsync(group).ConfigureAwait(false);
        }
    }

    /// <summary>Stops hosting a dropped table's partitions on every node and deletes their logs (by table id: the definition is gone).</summary>
    public async ValueTask ForgetTableAsync(ulong tableId)
    {
        var first = PartitionRouting.GroupId(tableId, 0);
        var end = PartitionRouting.GroupId(tableId + 1, 0);
        await _membershipLock.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var group in _groups.Keys.Where(g => g >= first && g < end))
            {
                _groups.TryRemove(group, out _);
                _leaders.TryRemove(group, out _);
                foreach (var node in RunningNodes)
                {
                    node.Unhost(group);
                }
            }

            foreach (var engine in _engines)
            {
                var batch = new WriteBatch();
                ReplicaStorage.Forget(engine, first, end, batch);
                await engine.WriteAsync(batch, sync: false).ConfigureAwait(false);
            }
        }
        finally
        {
            _membershipLock.Release();
        }
    }

    /// <summary>All storage engines (stopped nodes' too).</summary>
    public IReadOnlyList<IStorageEngine> Engines => _engines;

    /// <summary>
    /// The replica that leads <paramref name="group"/> and serves (waiting up to <see cref="LeaderTimeout"/>
    /// through elections). Throws <see cref="PartitionUnavailableException"/> when there is none.
    /// </summary>
    public async ValueTask<PartitionReplica> LeaderAsync(TableDefinition table, ulong group, CancellationToken cancellationToken = default)
    {
        if (_leaders.TryGetValue(group, out var cached) && cached.IsServing)
        {
            return cached;
        }

        if (!_groups.ContainsKey(group))
        {
            await HostAsync(table).ConfigureAwait(false);
        }

        var deadline = _time.GetUtcNow() + LeaderTimeout;
        while (true)
        {
            var changes = new List<Task>();
            foreach (var node in RunningNodes)
            {
                if (node.Replica(group) is not { } replica)
                {
                    continue;
                }

                // The signal first: a replica that starts serving between the two reads completes
                // it, where taking it after IsServing said no could wait on the next change instead.
                var changed = replica.Changed;
                if (replica.IsServing)
                {
                    _leaders[group] = replica;
                    return replica;
                }

                changes.Add(changed);
            }

            var left = deadline - _time.GetUtcNow();
            if (left <= TimeSpan.Zero || changes.Count == 0)
            {
                throw new PartitionUnavailableException(group);
            }

            // Wait for any replica's role to change (an election), at most until the deadline.
            try
            {
                await Task.WhenAny(changes).WaitAsync(left, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new PartitionUnavailableException(group);
            }
        }
    }

    /// <summary>
    /// Storage holding every partition of <paramref name="table"/>: the node leading its first
    /// partition, caught up with each partition's leader when <paramref name="consistent"/>.
    /// </summary>
    public async ValueTask<IStorageEngine> TableViewAsync(TableDefinition table, bool consistent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var first = PartitionRouting.GroupId(table.Id, 0);
        var home = await LeaderAsync(table, first, cancellationToken).ConfigureAwait(false);
        if (!consistent && ReplicaCount == 1)
        {
            return home.Engine;
        }

        var node = Node(home.NodeId) ?? throw new PartitionUnavailableException(first);
        await CatchUpAsync(table, node.Id, cancellationToken).ConfigureAwait(false);
        return node.Engine;
    }

    /// <summary>Hosts the new table's partitions and waits until each has a serving leader.</summary>
    public async ValueTask WaitForLeadersAsync(TableDefinition table, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        foreach (var group in PartitionRouting.GroupsOf(table))
        {
            await LeaderAsync(table, group, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until node <paramref name="nodeId"/> has applied every write acknowledged so far in each partition of <paramref name="table"/>.</summary>
    public async ValueTask CatchUpAsync(TableDefinition table, ulong nodeId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        foreach (var group in PartitionRouting.GroupsOf(table))
        {
            var leader = await LeaderAsync(table, group, cancellationToken).ConfigureAwait(false);
            var local = Node(nodeId)?.Replica(group) ?? throw new PartitionUnavailableException(group);
            await CatchUpAsync(leader, local, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until <paramref name="local"/> has applied every write its group's <paramref name="leader"/> acknowledged so far (a linearizable read point).</summary>
    public static async ValueTask CatchUpAsync(PartitionReplica leader, PartitionReplica local, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leader);
        ArgumentNullException.ThrowIfNull(local);
        try
        {
            var index = await leader.ReadIndexAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            await local.WaitAppliedAsync(index).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ReplicaUnavailableException)
        {
            throw new PartitionUnavailableException(leader.Group);
        }
    }

    /// <summary>Stops node <paramref name="id"/> (the admin operation): its replicas stop voting, leading and applying; the others elect new leaders.</summary>
    public async ValueTask StopNodeAsync(ulong id)
    {
        CheckNodeId(id);
        await _membershipLock.WaitAsync().ConfigureAwait(false);
        try
        {
            var runner = _runners[id - 1];
            if (runner is null)
            {
                return;
            }

            _runners[id - 1] = null;
            _transport.Unregister(id);
            await runner.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _membershipLock.Release();
        }
    }

    /// <summary>Starts node <paramref name="id"/> again: its replicas reopen from its log and catch up from the leaders.</summary>
    public async ValueTask StartNodeAsync(ulong id)
    {
        CheckNodeId(id);
        await _membershipLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_runners[id - 1] is not null)
            {
                return;
            }

            var node = Start((int)id - 1);
            foreach (var group in _groups.Keys)
            {
                await node.HostAsync(group, _membership).ConfigureAwait(false);
            }
        }
        finally
        {
            _membershipLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = 0; i < _runners.Length; i++)
        {
            if (_runners[i] is { } runner)
            {
                _runners[i] = null;
                _transport.Unregister(runner.Node.Id);
                await runner.DisposeAsync().ConfigureAwait(false);
            }
        }

        _membershipLock.Dispose();
    }

    private async ValueTask HostGroupAsync(ulong group)
    {
        if (_groups.ContainsKey(group))
        {
            return;
        }

        await _membershipLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_groups.ContainsKey(group))
            {
                return;
            }

            StorageNode? first = null;
            foreach (var node in RunningNodes)
            {
                await node.HostAsync(group, _membership).ConfigureAwait(false);
                first ??= node;
            }

            _groups[group] = 0;
            first?.Campaign(group);
        }
        finally
        {
            _membershipLock.Release();
        }
    }

    private StorageNode Start(int index)
    {
        var node = new StorageNode((ulong)index + 1, _engines[index], _transport, _options);
        _transport.Register(node);
        _runners[index] = new NodeRunner(node, _time, _options, _loggers?.CreateLogger<NodeRunner>());
        return node;
    }

    private void CheckNodeId(ulong id)
    {
        if (id < 1 || id > (ulong)_engines.Count)
        {
            throw new ValidationException($"There is no storage node {id}; this server runs nodes 1 to {_engines.Count}.");
        }
    }
}
