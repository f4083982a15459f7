using Basalt.Replication;

namespace Basalt.Node;

/// <summary>Carries Raft messages between the replicas of a group, which live on different nodes (message.To is the node).</summary>
public interface INodeTransport
{
    void Send(ulong group, Message message);
}
