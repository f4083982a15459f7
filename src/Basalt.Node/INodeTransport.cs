using Basalt.Replication;

namespace Basalt.Node;

/// <summary>Carries Raft messages between the replicas of a group, which live on different nodes (message.To is the node).</summary>
public interface INodeTransport
{
    void Send(ulong group, Message message);

    /// <summary>
    /// Called by the node after each phase of a round in which it sent messages: a batching transport
    /// sends now what it queued. Transports that deliver in <see cref="Send"/> need not implement it.
    /// </summary>
    void Flush()
    {
    }
}
