using System.Collections.Concurrent;
using Basalt.Replication;

namespace Basalt.Node;

/// <summary>Delivers messages between storage nodes in one process (messages to a stopped or unknown node are lost, as on a network).</summary>
public sealed class InProcessTransport : INodeTransport
{
    private readonly ConcurrentDictionary<ulong, StorageNode> _nodes = new();

    public void Register(StorageNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        _nodes[node.Id] = node;
    }

    public void Unregister(ulong nodeId) => _nodes.TryRemove(nodeId, out _);

    public void Send(ulong group, Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_nodes.TryGetValue(message.To, out var node))
        {
            node.Deliver(group, message);
        }
    }
}
