using Basalt.Protocol.Meta.V1;

namespace Basalt.Api.Cluster;

/// <summary>The metadata service's table commands as a storage node sends them (retries and leader hints are the implementation's).</summary>
public interface IClusterMetadata
{
    Task<MetaReply> CreateTableAsync(CreateTableRequest request, CancellationToken cancellationToken);

    Task<MetaReply> UpdateTableAsync(UpdateTableRequest request, CancellationToken cancellationToken);

    Task<MetaReply> DeleteTableAsync(DeleteTableRequest request, CancellationToken cancellationToken);
}
