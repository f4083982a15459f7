using Basalt.Protocol.Items.V1;
using Grpc.Core;

namespace Basalt.Api.Cluster;

/// <summary>
/// The <c>basalt.items.v1.Items</c> gRPC service on a storage node's listener. Requests that arrive
/// before the node has joined the cluster (its database is not open yet) fail with UNAVAILABLE,
/// which routers retry elsewhere.
/// </summary>
public sealed class ItemsService(ItemsGateway gateway) : Basalt.Protocol.Items.V1.Items.ItemsBase
{
    public override Task<ExecuteReply> Execute(ExecuteRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var executor = gateway.Executor ?? throw new RpcException(new Status(StatusCode.Unavailable, "The storage node is starting."));
        return executor.ExecuteAsync(request, context.CancellationToken);
    }
}

/// <summary>Hands the Items service its executor once the node's database is open (the gRPC server starts first).</summary>
public sealed class ItemsGateway
{
    private volatile ItemsExecutor? _executor;

    public ItemsExecutor? Executor
    {
        get => _executor;
        set => _executor = value;
    }
}
