using Basalt.Replication;
using Basalt.Simulation.Cluster;

namespace Basalt.Simulation;

/// <summary>The operator from hell: crashes, partitions, membership changes and leader transfers.</summary>
public sealed partial class Simulation
{
    private void ChaosTick()
    {
        if (!chaos)
        {
            return;
        }

        Trace.Add(0xCAL);
        if (random.Chance(Profile.CrashRate))
        {
            CrashSomeNode();
        }

        if (random.Chance(Profile.PartitionRate))
        {
            Partition();
        }

        var leader = CurrentLeader();
        if (leader is not null && random.Chance(Profile.ConfigChangeRate))
        {
            ChangeMembership(leader);
        }

        // Handling a Ready may crash the leader (a crash point), so look again.
        leader = CurrentLeader();
        if (leader is not null && random.Chance(Profile.TransferRate))
        {
            var targets = leader.Raft!.Membership.Voters.Where(v => v != leader.Id).ToList();
            if (targets.Count > 0)
            {
                var target = random.Pick(targets);
                Log($"{Queue.Now}us transfer leadership {leader.Id} -> {target}");
                leader.Raft.TransferLeadership(target);
                leader.Drain();
            }
        }

        RetireRemovedNodes(CurrentLeader());
        Queue.After(ChaosEveryMicros, ChaosTick);
    }

    private void CrashSomeNode()
    {
        var up = nodes.Values.Where(n => n.Up).ToList();
        if (up.Count == 0 || !MayCrashAnother())
        {
            return;
        }

        var victim = random.Chance(0.3) ? CurrentLeader() ?? random.Pick(up) : random.Pick(up);
        var restartAfter = random.Chance(0.5) ? random.NextLong(1_000, 100_000) : random.NextLong(100_000, 1_500_000);
        Crash(victim, restartAfter, "chaos");
    }

    /// <summary>
    /// A crash point was reached: maybe crash the node right now (true: the caller must stop
    /// handling its Ready) or a moment later, and restart it soon.
    /// </summary>
    internal bool MaybeCrashAt(SimNode node, string why)
    {
        if (!chaos || !random.Chance(Profile.CrashPointRate) || !MayCrashAnother())
        {
            return false;
        }

        var restartAfter = random.Chance(0.7) ? random.NextLong(1_000, 150_000) : random.NextLong(150_000, 800_000);
        if (random.Chance(0.5))
        {
            Crash(node, restartAfter, why + ", before sending");
            return true;
        }

        var incarnation = node.Incarnation;
        Queue.After(random.NextLong(0, 3_000), () =>
        {
            if (node.Up && node.Incarnation == incarnation && chaos)
            {
                Crash(node, restartAfter, why);
            }
        });
        return false;
    }

    private bool MayCrashAnother() =>
        nodes.Values.Count(n => !n.Up && !n.Retired) < options.Nodes / 2 + (random.Chance(0.1) ? 1 : 0);

    private void Crash(SimNode victim, long restartAfter, string why)
    {
        Log($"{Queue.Now}us crash {victim.Id} ({why}; {victim.Disk.UnsyncedWrites} unsynced writes)");
        Trace.Add(0xDEADL);
        Trace.Add((long)victim.Id);
        victim.Crash();
        Queue.After(restartAfter, () =>
        {
            Log($"{Queue.Now}us restart {victim.Id}");
            victim.Restart();
        });
    }

    private void Partition()
    {
        var ids = nodes.Values.Where(n => !n.Retired).Select(n => n.Id).ToList();
        if (ids.Count < 2)
        {
            return;
        }

        string what;
        var roll = random.Next(10);
        if (roll < 2)
        {
            var alone = random.Pick(ids);
            network.Partition([alone], ids.Where(i => i != alone).ToList());
            what = $"isolate {alone}";
        }
        else if (roll < 6)
        {
            // The leader's isolation is the interesting one: clients may still reach it.
            var leader = CurrentLeader()?.Id ?? random.Pick(ids);
            network.Partition([leader], ids.Where(i => i != leader).ToList());
            what = $"isolate leader {leader}";
        }
        else if (roll < 8)
        {
            var side = ids.Where(_ => random.Chance(0.5)).ToList();
            network.Partition(side, ids.Except(side).ToList());
            what = $"split [{string.Join(',', side)}]";
        }
        else
        {
            var a = random.Pick(ids);
            var b = random.Pick(ids);
            network.BlockOneWay(a, b);
            what = $"block {a} -> {b}";
        }

        Log($"{Queue.Now}us partition: {what}");
        Trace.Add(0xBAL);
        Queue.After(random.NextLong(50_000, 1_000_000), () =>
        {
            Log($"{Queue.Now}us heal");
            network.HealAll();
        });
    }

    private void ChangeMembership(SimNode leader)
    {
        var raft = leader.Raft!;
        var m = raft.Membership;
        if (raft.CommitIndex < raft.MembershipIndex)
        {
            return;
        }

        ConfigChange change;
        var min = Math.Max(3, options.Nodes - 1);
        var max = options.Nodes + 1;
        if (m.Learners.Count > 0)
        {
            change = new ConfigChange(ConfigChangeType.AddVoter, m.Learners[0]);
        }
        else if (m.Voting.Count < max && (m.Voting.Count <= min || random.Chance(0.5)))
        {
            var logReplica = m.LogReplicas.Count < options.LogReplicas;
            change = new ConfigChange(logReplica ? ConfigChangeType.AddLogReplica : ConfigChangeType.AddLearner, nextNodeId);
        }
        else if (m.Voting.Count > min)
        {
            var candidates = m.Voting.Where(v => !m.IsFullVoter(v) || m.Voters.Count > 2).ToList();
            change = new ConfigChange(ConfigChangeType.Remove, random.Pick(candidates));
        }
        else
        {
            return;
        }

        var outcome = raft.ProposeConfigChange(change);
        Log($"{Queue.Now}us config change {change.Type} {change.NodeId}: {outcome.Status}");
        if (outcome.Accepted && change.NodeId == nextNodeId)
        {
            nextNodeId++;
            AddNode(change.NodeId, change.Type == ConfigChangeType.AddLogReplica, RaftInitialState.Joining());
        }

        leader.Drain();
    }

    /// <summary>
    /// Shuts down nodes whose removal is committed (their ids are never reused). Only a leader of the
    /// highest term yet is sure to know every committed configuration.
    /// </summary>
    private void RetireRemovedNodes(SimNode? leader)
    {
        if (leader?.Raft is not { } raft || raft.CommitIndex < raft.MembershipIndex || raft.Term < Checker.MaxLeaderTerm)
        {
            return;
        }

        foreach (var node in nodes.Values)
        {
            if (!node.Retired && !raft.Membership.Contains(node.Id) && WasMember(node))
            {
                Log($"{Queue.Now}us retire {node.Id}");
                node.Retire();
            }
        }
    }

    private static bool WasMember(SimNode node) => node.Raft is null || node.Raft.Membership.Contains(node.Id) || node.Raft.Term > 0;

    private SimNode? CurrentLeader()
    {
        SimNode? best = null;
        foreach (var n in nodes.Values)
        {
            if (n.Raft is { Role: RaftRole.Leader } r && (best is null || r.Term > best.Raft!.Term))
            {
                best = n;
            }
        }

        return best;
    }

    private void EndChaos()
    {
        chaos = false;
        network.HealAll();
        foreach (var n in nodes.Values)
        {
            n.Restart();
        }

        Log($"{Queue.Now}us quiet: healed, everyone restarted");
    }
}
