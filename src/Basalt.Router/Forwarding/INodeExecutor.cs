using Basalt.Protocol.Items.V1;

namespace Basalt.Router.Forwarding;

/// <summary>
/// Sends one request to a storage node's <c>Items.Execute</c>. Throws when the node cannot be
/// reached or the call fails (the forwarder then marks it suspect and tries another replica).
/// </summary>
public interface INodeExecutor
{
    Task<ExecuteReply> ExecuteAsync(ulong nodeId, string address, ExecuteRequest request, CancellationToken cancellationToken);
}
