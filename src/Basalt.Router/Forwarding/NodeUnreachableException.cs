namespace Basalt.Router.Forwarding;

/// <summary>
/// The request never reached the node (no connection could be made to it), so it cannot have run:
/// the forwarder may send it to another replica whatever the operation. Any other failure of a call
/// leaves its outcome unknown.
/// </summary>
public sealed class NodeUnreachableException(string message, Exception? inner = null) : Exception(message, inner);
