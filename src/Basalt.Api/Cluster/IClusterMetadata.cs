using Basalt.Protocol.Meta.V1;

namespace Basalt.Api.Cluster;

/// <summary>The metadata service's calls as a storage node makes them (retries and leader hints are the implementation's).</summary>
public interface IClusterMetadata
{
    Task<MetaReply> RegisterNodeAsync(RegisterNodeRequest request, CancellationToken cancellationToken);

    Task<HeartbeatReply> HeartbeatAsync(HeartbeatRequest request, CancellationToken cancellationToken);

    Task<MetaReply> CreateTableAsync(CreateTableRequest request, CancellationToken cancellationToken);

    Task<MetaReply> UpdateTableAsync(UpdateTableRequest request, CancellationToken cancellationToken);

    Task<MetaReply> DeleteTableAsync(DeleteTableRequest request, CancellationToken cancellationToken);
}
