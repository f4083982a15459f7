using Basalt.Metadata.MemDs;

namespace Basalt.Api.Cluster;

/// <summary>A storage node's mirror of the partition map, kept current from the metadata service's change stream.</summary>
public interface IClusterMap
{
    /// <summary>The mirrored map (tables, partitions with replicas and leader hints, nodes).</summary>
    MemDsStore Store { get; }

    /// <summary>Completes once the mirror has reached <paramref name="version"/>.</summary>
    Task WaitForVersionAsync(ulong version, CancellationToken cancellationToken);

    /// <summary>Completes at the mirror's next change.</summary>
    Task Changed { get; }
}
