using Basalt.Protocol.Items.V1;

namespace Basalt.Router.Forwarding;

/// <summary>
/// Sends one request to a storage node's <c>Items.Execute</c>. Throws
/// <see cref="NodeUnreachableException"/> when the request cannot have reached the node (the
/// forwarder marks it suspect and tries another replica), anything else when the call failed after
/// the request may have been delivered (the forwarder retries only read-only operations then).
/// </summary>
public interface INodeExecutor
{
    Task<ExecuteReply> ExecuteAsync(ulong nodeId, string address, ExecuteRequest request, CancellationToken cancellationToken);
}
