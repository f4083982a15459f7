using Basalt.Replication;

namespace Basalt.Node.Transport;

/// <summary>
/// Where the gRPC Raft transport delivers received messages: a storage node (every group it hosts)
/// or a meta member (group 0). Deliver must not block: it hands the message to the owner's loop.
/// </summary>
public interface IRaftMessageSink
{
    /// <summary>The receiving node's (or member's) id; batches addressed to another id are refused.</summary>
    ulong Id { get; }

    /// <summary>Hands over one message of <paramref name="group"/>.</summary>
    void Deliver(ulong group, Message message);
}
