using Basalt.Api.Tables;
using Basalt.Partition;
using Basalt.Storage;

namespace Basalt.Api.Replicas;

/// <summary>
/// The partition replicas a <see cref="Database"/> reads and writes through: every replica of every
/// partition in one process (<see cref="ReplicaCluster"/>, <c>basalt serve</c>), or the replicas the
/// partition map places on one storage node (<see cref="Cluster.ClusterReplicas"/>, <c>basalt node --meta</c>).
/// </summary>
public interface IPartitionReplicas : IAsyncDisposable
{
    /// <summary>
    /// The local replica that leads <paramref name="group"/> and serves. Throws
    /// <see cref="PartitionUnavailableException"/> when there is none within the wait, or (cluster
    /// mode) <see cref="Cluster.NotLeaderException"/> when another node leads it.
    /// </summary>
    ValueTask<PartitionReplica> LeaderAsync(TableDefinition table, ulong group, CancellationToken cancellationToken = default);

    /// <summary>
    /// Storage holding every partition of <paramref name="table"/> (scans, global indexes, sweeps),
    /// caught up with each partition's leader when <paramref name="consistent"/>.
    /// </summary>
    ValueTask<IStorageEngine> TableViewAsync(TableDefinition table, bool consistent, CancellationToken cancellationToken = default);

    /// <summary>Returns once every partition of a new table has a leader (CreateTable answers then).</summary>
    ValueTask WaitForLeadersAsync(TableDefinition table, CancellationToken cancellationToken = default);

    /// <summary>Stops hosting a dropped table's partitions and deletes their logs.</summary>
    ValueTask ForgetTableAsync(ulong tableId);

    /// <summary>This process's own storage (node 1's when it runs several): statistics are measured there.</summary>
    IStorageEngine LocalEngine { get; }

    /// <summary>Every storage engine of this process.</summary>
    IReadOnlyList<IStorageEngine> Engines { get; }
}
