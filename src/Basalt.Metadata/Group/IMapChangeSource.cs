namespace Basalt.Metadata.Group;

/// <summary>
/// Where MemDS reads the partition map's change stream from: a meta group member in this process
/// today, a remote one over the node transport later.
/// </summary>
public interface IMapChangeSource
{
    /// <summary>Up to <paramref name="max"/> events after <paramref name="afterVersion"/>.</summary>
    ValueTask<MapChangeBatch> ReadAsync(ulong afterVersion, int max, CancellationToken cancellationToken = default);

    /// <summary>A snapshot of the whole map (see <see cref="StateMachine.PartitionMapImage"/>).</summary>
    ValueTask<ReadOnlyMemory<byte>> SnapshotAsync(CancellationToken cancellationToken = default);
}
