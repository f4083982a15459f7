using System.Collections.Immutable;
using Basalt.Metadata.Model;

namespace Basalt.Metadata.StateMachine;

/// <summary>
/// Zone-aware placement: the replicas of one partition go to nodes in distinct zones, each time the
/// node with the fewest replicas (lowest id on ties) among the zones not yet used. Within a zone,
/// the least-loaded node is therefore always the one chosen, so a zone's nodes stay within one
/// replica of each other. Deterministic: the same nodes and loads give the same choice.
/// </summary>
internal static class ZonePlacement
{
    /// <summary>Distinct zones among <paramref name="nodes"/>.</summary>
    public static int ZoneCount(IEnumerable<NodeInfo> nodes) => nodes.Select(n => n.Zone).Distinct(StringComparer.Ordinal).Count();

    /// <summary>
    /// Chooses <paramref name="count"/> nodes in distinct zones and adds one to each one's load;
    /// returns default when there are not enough zones.
    /// </summary>
    public static ImmutableArray<ReplicaInfo> Choose(IReadOnlyList<NodeInfo> nodes, Dictionary<ulong, int> load, int count)
    {
        var ordered = nodes.OrderBy(n => load.GetValueOrDefault(n.Id)).ThenBy(n => n.Id);
        var chosen = new List<ReplicaInfo>(count);
        var zones = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in ordered)
        {
            if (chosen.Count == count)
            {
                break;
            }

            if (zones.Add(node.Zone))
            {
                chosen.Add(new ReplicaInfo(node.Id, node.Zone, ReplicaKind.Full));
            }
        }

        if (chosen.Count < count)
        {
            return default;
        }

        foreach (var r in chosen)
        {
            load[r.NodeId] = load.GetValueOrDefault(r.NodeId) + 1;
        }

        return [.. chosen.OrderBy(r => r.NodeId)];
    }
}
