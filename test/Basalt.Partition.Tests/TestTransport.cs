using Basalt.Node;
using Basalt.Replication;

namespace Basalt.Partition.Tests;

/// <summary>
/// A network the test drives: sent messages wait in a queue until <see cref="DeliverAll"/>; links
/// can be cut (messages on them are dropped when sent and when delivered).
/// </summary>
internal sealed class TestTransport : INodeTransport
{
    private readonly Dictionary<ulong, StorageNode> _nodes = [];
    private readonly HashSet<(ulong From, ulong To)> _blocked = [];
    private List<(ulong Group, Message Message)> _queue = [];

    public int Queued => _queue.Count;

    /// <summary>Every message sent, in order (for assertions about what left a node).</summary>
    public List<(ulong Group, Message Message)> Sent { get; } = [];

    public void Register(StorageNode node) => _nodes[node.Id] = node;

    public void Unregister(ulong id) => _nodes.Remove(id);

    public void Send(ulong group, Message message)
    {
        Sent.Add((group, message));
        if (!_blocked.Contains((message.From, message.To)))
        {
            _queue.Add((group, message));
        }
    }

    /// <summary>Cuts every link between <paramref name="node"/> and the others, both ways.</summary>
    public void Isolate(ulong node)
    {
        foreach (var other in _nodes.Keys.Where(o => o != node))
        {
            _blocked.Add((node, other));
            _blocked.Add((other, node));
        }
    }

    public void HealAll() => _blocked.Clear();

    /// <summary>Delivers the messages queued so far (those sent meanwhile wait for the next call); returns how many.</summary>
    public int DeliverAll(Func<Message, bool>? filter = null)
    {
        var batch = _queue;
        _queue = [];
        var delivered = 0;
        foreach (var (group, message) in batch)
        {
            if (filter is not null && !filter(message))
            {
                _queue.Add((group, message));
                continue;
            }

            if (!_blocked.Contains((message.From, message.To)) && _nodes.TryGetValue(message.To, out var node))
            {
                node.Deliver(group, message);
                delivered++;
            }
        }

        return delivered;
    }

    /// <summary>Drops every queued message.</summary>
    public void DropAll() => _queue.Clear();
}
