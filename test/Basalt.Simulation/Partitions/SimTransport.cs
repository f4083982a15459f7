using Basalt.Node;
using Basalt.Replication;

namespace Basalt.Simulation.Partitions;

/// <summary>
/// The storage nodes' transport in partition mode. A node sends only inside a processing round; the
/// messages wait here until the round is over, then cross the simulated network — unless the node
/// loses power right after the round (its log synced, nothing of the round sent).
/// </summary>
internal sealed class SimTransport(PartitionSimulation sim) : INodeTransport
{
    private readonly Dictionary<ulong, List<(ulong Group, Message Message)>> outgoing = [];

    public void Send(ulong group, Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!outgoing.TryGetValue(message.From, out var list))
        {
            list = [];
            outgoing[message.From] = list;
        }

        list.Add((group, message));
    }

    public void Flush(ulong node)
    {
        if (outgoing.TryGetValue(node, out var list))
        {
            foreach (var (group, message) in list)
            {
                sim.SendToNode(group, message);
            }

            list.Clear();
        }
    }

    public void Drop(ulong node)
    {
        if (outgoing.TryGetValue(node, out var list))
        {
            list.Clear();
        }
    }
}
