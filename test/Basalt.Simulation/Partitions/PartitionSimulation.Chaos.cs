using Basalt.Partition;
using Basalt.Replication;

namespace Basalt.Simulation.Partitions;

/// <summary>The operator of partition mode: power losses and restarts, partitions, leadership transfers.</summary>
public sealed partial class PartitionSimulation
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
            var up = hosts.Values.Where(h => h.Up).ToList();
            if (up.Count > 0 && MayCrashAnother())
            {
                var victim = random.Chance(0.3) && CurrentLeader(random.Pick(GroupIds)) is { } leader ? hosts[leader.NodeId] : random.Pick(up);
                Crash(victim, "chaos");
            }
        }

        if (random.Chance(Profile.PartitionRate))
        {
            Partition();
        }

        MaybeStartReplacement();
        if (random.Chance(Profile.TransferRate))
        {
            var group = random.Pick(GroupIds);
            if (CurrentLeader(group) is { } leader)
            {
                var target = random.Pick(members.Voters.Where(v => v != leader.NodeId).ToList());
                Log($"{Queue.Now}us transfer leadership of group {group} {leader.NodeId} -> {target}");
                hosts[leader.NodeId].Node!.TransferLeadership(group, target);
                Count("transfers");
            }
        }

        World?.ChaosTick();
        Queue.After(ChaosEveryMicros, ChaosTick);
    }

    /// <summary>
    /// Right after a processing round (log synced, items applied unsynced, messages not yet sent): maybe
    /// lose power now — likely at an interesting moment (an election won, a term entered, a commit as
    /// leader), rarely otherwise. True when the node crashed (the round's messages are never sent).
    /// </summary>
    internal bool MaybeCrashAfterRound(SimHost host, string? moment)
    {
        var rate = moment is null ? Profile.CrashPointRate * 0.01 : Profile.CrashPointRate * 0.5;
        if (!chaos || !random.Chance(rate) || !MayCrashAnother())
        {
            return false;
        }

        Count("crash points");
        Crash(host, (moment ?? "after a round") + ", before sending");
        return true;
    }

    /// <summary>Whether the next processing round loses power half-way (decided before the round).</summary>
    internal bool MaybeArmMidRoundCrash() => chaos && random.Chance(Profile.CrashPointRate * 0.01) && MayCrashAnother();

    internal void CrashNow(SimHost host, string why)
    {
        Count("mid-round crashes");
        Crash(host, why);
    }

    /// <summary>Whether another crash leaves a majority up, mostly (until a replaced member's log replica is in, the dead member counts as down).</summary>
    private bool MayCrashAnother() =>
        hosts.Values.Count(h => !h.Up) + (replacement is { Phase: 1 } ? 1 : 0) < options.Nodes / 2 + (random.Chance(0.1) ? 1 : 0);

    private void Crash(SimHost victim, string why)
    {
        Log($"{Queue.Now}us crash {victim.Id} ({why}; {victim.Engine.UnsyncedWrites} unsynced writes)");
        Count("crashes");
        Trace.Add(0xDEADL);
        Trace.Add((long)victim.Id);
        victim.Crash();
        var restartAfter = random.Chance(0.5) ? random.NextLong(1_000, 100_000) : random.NextLong(100_000, 1_500_000);
        Queue.After(restartAfter, () =>
        {
            if (!victim.Retired)
            {
                Log($"{Queue.Now}us restart {victim.Id}");
                victim.Restart();
            }
        });
    }

    private void Partition()
    {
        var ids = hosts.Keys.ToList();
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
            // A leader's isolation is the interesting one: clients still reach it.
            var leader = CurrentLeader(random.Pick(GroupIds))?.NodeId ?? random.Pick(ids);
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

        Count("partitions");
        Log($"{Queue.Now}us partition: {what}");
        Trace.Add(0xBAL);
        Queue.After(random.NextLong(50_000, 1_000_000), () =>
        {
            Log($"{Queue.Now}us heal");
            network.HealAll();
        });
    }

    /// <summary>The replica leading <paramref name="group"/> in the highest term, among running nodes.</summary>
    private PartitionReplica? CurrentLeader(ulong group)
    {
        PartitionReplica? best = null;
        foreach (var host in hosts.Values)
        {
            if (host.Node?.Replica(group) is { Role: RaftRole.Leader } replica && (best is null || replica.Term > best.Term))
            {
                best = replica;
            }
        }

        return best;
    }

    private void EndChaos()
    {
        chaos = false;
        network.HealAll();
        foreach (var host in hosts.Values)
        {
            host.Restart();
        }

        World?.EndChaos();
        Log($"{Queue.Now}us quiet: healed, everyone restarted");
    }
}
