using Basalt.Control.Client;
using Basalt.Metadata.MemDs;
using Basalt.Protocol.Meta.V1;

namespace Basalt.Api.Cluster;

/// <summary>The partition map as a <see cref="MapFollower"/> mirrors it from the meta <c>Watch</c> stream.</summary>
public sealed class FollowedClusterMap(MapFollower follower) : IClusterMap
{
    public MemDsStore Store => follower.Store;

    public Task Changed => follower.Changed;

    public Task WaitForVersionAsync(ulong version, CancellationToken cancellationToken) => follower.WaitForVersionAsync(version, cancellationToken);
}

/// <summary>
/// The meta service through a <see cref="MetaClient"/> (leader following, retries); a call that
/// exhausts its retries answers UNAVAILABLE instead of throwing.
/// </summary>
public sealed class MetaClientMetadata(MetaClient client) : IClusterMetadata
{
    public Task<MetaReply> RegisterNodeAsync(RegisterNodeRequest request, CancellationToken cancellationToken) =>
        OrUnavailable(() => client.RegisterNodeAsync(request, cancellationToken), m => new MetaReply { Status = MetaStatus.Unavailable, Message = m });

    public Task<HeartbeatReply> HeartbeatAsync(HeartbeatRequest request, CancellationToken cancellationToken) =>
        OrUnavailable(() => client.HeartbeatAsync(request, cancellationToken), _ => new HeartbeatReply { Status = MetaStatus.Unavailable });

    public Task<MetaReply> CreateTableAsync(CreateTableRequest request, CancellationToken cancellationToken) =>
        OrUnavailable(() => client.CreateTableAsync(request, cancellationToken), m => new MetaReply { Status = MetaStatus.Unavailable, Message = m });

    public Task<MetaReply> UpdateTableAsync(UpdateTableRequest request, CancellationToken cancellationToken) =>
        OrUnavailable(() => client.UpdateTableAsync(request, cancellationToken), m => new MetaReply { Status = MetaStatus.Unavailable, Message = m });

    public Task<MetaReply> DeleteTableAsync(DeleteTableRequest request, CancellationToken cancellationToken) =>
        OrUnavailable(() => client.DeleteTableAsync(request, cancellationToken), m => new MetaReply { Status = MetaStatus.Unavailable, Message = m });

    private static async Task<T> OrUnavailable<T>(Func<Task<T>> call, Func<string, T> unavailable)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (MetaUnavailableException error)
        {
            return unavailable(error.Message);
        }
    }
}
