using Basalt.Control.Health;
using Basalt.Metadata.Commands;
using Basalt.Metadata.Model;
using Basalt.Metadata.StateMachine;

namespace Basalt.Control.Autoadmin;

/// <summary>
/// Autoadmin's healing decisions, as a pure function of the map, the heartbeats and the clock.
/// A node is dead when it has not been heard from for the whole detection window (counted from
/// when tracking started for a node never heard from). Every group with a replica on a dead node
/// gets a log replica on a healthy node outside the group — in the dead node's zone when possible
/// (replicas must stay in distinct zones), else any zone the group does not use — the least loaded
/// first: <c>ReplaceReplica(group, dead, chosen, Log)</c>. A log replica that its group's leader
/// reports as a voting member and whose commit index is within <see cref="HealingOptions.PromotionLag"/>
/// of the leader's becomes a full one: <c>ReplaceReplica(group, node, node, Full)</c>.
/// </summary>
public sealed class HealingPolicy(HealingOptions options)
{
    public HealingOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>Whether <paramref name="node"/> counts as dead at <paramref name="now"/>.</summary>
    public bool IsDead(ulong node, IReadOnlyDictionary<ulong, NodeHealth> health, DateTimeOffset since, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(health);
        var last = health.TryGetValue(node, out var h) ? h.LastSeen : since;
        return now - last > Options.DetectionWindow;
    }

    /// <summary>The commands to propose now (at most <see cref="HealingOptions.MaxActions"/>, at most one per group).</summary>
    public IReadOnlyList<ReplaceReplica> Decide(PartitionMapImage map, IReadOnlyDictionary<ulong, NodeHealth> health, DateTimeOffset since, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(health);
        var dead = map.Nodes.Where(n => IsDead(n.Id, health, since, now)).Select(n => n.Id).ToHashSet();
        var healthy = map.Nodes.Where(n => !dead.Contains(n.Id) && health.ContainsKey(n.Id)).ToList();
        var load = map.Nodes.ToDictionary(n => n.Id, _ => 0);
        foreach (var p in map.Tables.SelectMany(t => t.Partitions))
        {
            foreach (var r in p.Replicas)
            {
                load[r.NodeId] = load.GetValueOrDefault(r.NodeId) + 1;
            }
        }

        var actions = new List<ReplaceReplica>();
        foreach (var p in map.Tables.SelectMany(t => t.Partitions))
        {
            if (actions.Count >= Options.MaxActions)
            {
                break;
            }

            if (p.Replicas.FirstOrDefault(r => dead.Contains(r.NodeId)) is { NodeId: not 0 } lost)
            {
                if (Choose(p, lost, healthy, load) is { } target)
                {
                    load[target.Id]++;
                    actions.Add(new ReplaceReplica(p.GroupId, lost.NodeId, target.Id, ReplicaKind.Log));
                }

                continue;
            }

            foreach (var r in p.Replicas)
            {
                if (r.Kind == ReplicaKind.Log && CaughtUp(p.GroupId, r.NodeId, health))
                {
                    actions.Add(new ReplaceReplica(p.GroupId, r.NodeId, r.NodeId, ReplicaKind.Full));
                    break;
                }
            }
        }

        return actions;
    }

    /// <summary>The node to host a replacement for <paramref name="lost"/>: outside the group, in a zone the rest of the group does not use (the lost one's first), least loaded, lowest id.</summary>
    private static NodeInfo? Choose(PartitionInfo p, ReplicaInfo lost, List<NodeInfo> healthy, Dictionary<ulong, int> load)
    {
        var usedZones = p.Replicas.Where(r => r.NodeId != lost.NodeId).Select(r => r.Zone).ToHashSet(StringComparer.Ordinal);
        return healthy
            .Where(n => p.ReplicaOn(n.Id) is null && !usedZones.Contains(n.Zone))
            .OrderBy(n => string.Equals(n.Zone, lost.Zone, StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(n => load.GetValueOrDefault(n.Id))
            .ThenBy(n => n.Id)
            .FirstOrDefault();
    }

    /// <summary>Whether the group's leader counts <paramref name="node"/> as a voting member and the node's log is close to the leader's commit.</summary>
    private bool CaughtUp(ulong group, ulong node, IReadOnlyDictionary<ulong, NodeHealth> health)
    {
        Protocol.Meta.V1.GroupState? leader = null;
        foreach (var h in health.Values)
        {
            foreach (var g in h.Groups)
            {
                if (g.Group == group && g.Leader && (leader is null || g.Term > leader.Term))
                {
                    leader = g;
                }
            }
        }

        if (leader is null || !(leader.LogReplicas.Contains(node) || leader.Voters.Contains(node)))
        {
            return false;
        }

        if (!health.TryGetValue(node, out var own) || own.Groups.FirstOrDefault(g => g.Group == group) is not { } mine)
        {
            return false;
        }

        return Math.Max(mine.Commit, mine.Applied) + Options.PromotionLag >= leader.Commit;
    }
}
