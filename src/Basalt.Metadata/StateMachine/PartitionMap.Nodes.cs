using Basalt.Metadata.Commands;
using Basalt.Metadata.Events;
using Basalt.Metadata.Model;

namespace Basalt.Metadata.StateMachine;

/// <summary>Node registration.</summary>
public sealed partial class PartitionMap
{
    private ApplyResult Apply(RegisterNode c)
    {
        if (c.NodeId == 0 || string.IsNullOrEmpty(c.Zone) || string.IsNullOrEmpty(c.Address))
        {
            return ApplyResult.Reject("a node needs a non-zero id, a zone and an address");
        }

        if (nodes.TryGetValue(c.NodeId, out var existing))
        {
            if (existing.Zone == c.Zone && existing.Address == c.Address)
            {
                return ApplyResult.Unchanged;
            }

            if (existing.Zone != c.Zone && HoldsReplicas(c.NodeId))
            {
                return ApplyResult.Reject($"node {c.NodeId} holds replicas in zone {existing.Zone}; move them before changing its zone");
            }
        }

        var node = new NodeInfo(c.NodeId, c.Zone, c.Address);
        nodes[c.NodeId] = node;
        return ApplyResult.Of(new NodeRegistered(NextVersion(), node));
    }

    private bool HoldsReplicas(ulong nodeId) =>
        tables.Values.Any(t => t.Partitions.Any(p => p.ReplicaOn(nodeId) is not null));
}
