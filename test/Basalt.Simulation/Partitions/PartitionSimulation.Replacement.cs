using Basalt.Partition;
using Basalt.Replication;

namespace Basalt.Simulation.Partitions;

/// <summary>
/// Node replacement, as autoadmin heals a group: during the chaos a member dies for good and a new
/// node joins every group, first as a log replica (the write quorum is whole again), then built into
/// a full replica (a data snapshot under its log, then promotion). The leaders reconcile towards each
/// desired membership whatever else happens (crashes, partitions, leader changes); convergence at the
/// end also waits for the replacement to finish, and every replica's items are compared.
/// </summary>
public sealed partial class PartitionSimulation
{
    private const long ReconcileEveryMicros = 20_000;

    private readonly List<SimHost> retired = [];
    private Membership members = Membership.Empty;
    private Replacement? replacement;
    private int replacements;
    private long nextReplacementAt;

    /// <summary>The keys of each group (the simulator's groups own named keys, not hash ranges: a filtered scope).</summary>
    internal IPartitionSnapshotScope Scope => new KeysScope(keys);

    private void SetupReplacement()
    {
        members = Membership;
        nextReplacementAt = random.NextLong(100_000, 1_500_000);
        Queue.After(ReconcileEveryMicros, ReconcileTick);
    }

    /// <summary>During the chaos, sometimes: a member dies for good and a new node takes its place.</summary>
    private void MaybeStartReplacement()
    {
        if (replacement is not null || replacements >= options.Replacements || Queue.Now < nextReplacementAt || World is { Ready: false })
        {
            return;
        }

        var victim = hosts[random.Pick(members.Voters)];
        var newcomer = hosts.Keys.Concat(retired.Select(h => h.Id)).Max() + 1;
        var remaining = members.Voters.Where(v => v != victim.Id).ToList();
        var withLog = new Membership(remaining, [newcomer], []);
        Log($"{Queue.Now}us replace {victim.Id} by {newcomer}: {withLog}");
        Count("replacements started");
        Trace.Add(0x4EL);
        Trace.Add((long)victim.Id);
        victim.Retire();
        hosts.Remove(victim.Id);
        retired.Add(victim);
        var rate = 1 + ((random.NextDouble() * 2) - 1) * Profile.ClockDrift;
        hosts[newcomer] = new SimHost(this, newcomer, random.Fork(), rate, withLog, join: true);
        replacement = new Replacement(withLog, Membership.OfVoters([.. remaining, newcomer]));
        World?.ReplacementStarted(victim.Id, newcomer);
    }

    /// <summary>The operator: every group's serving leader takes the next step towards the desired membership.</summary>
    private void ReconcileTick()
    {
        Queue.After(ReconcileEveryMicros, ReconcileTick);
        if (replacement is not { } current)
        {
            return;
        }

        var desired = current.Phase == 1 ? current.WithLog : current.Full;
        var done = true;
        foreach (var group in GroupIds)
        {
            // Cluster mode: the leaders follow the map (as MemDS has it), where the meta group records the replacement.
            if (World is not null && !desired.Equals(World.MapMembership(group)))
            {
                done = false;
                continue;
            }

            var leader = hosts.Values.Select(h => h.Node?.Replica(group)).FirstOrDefault(r => r is { IsServing: true });
            if (leader is null || leader.Reconcile(desired) != ReconcileStatus.Done)
            {
                done = false;
            }
        }

        if (!done)
        {
            return;
        }

        Log($"{Queue.Now}us every group is {desired}");
        Trace.Add(0x4FL);
        if (current.Phase == 1)
        {
            Count("log replicas added");
            current.Phase = 2;
            World?.ReplacementBuilt();
            return;
        }

        Count("full replicas built");
        members = current.Full;
        replacement = null;
        replacements++;
        nextReplacementAt = Queue.Now + random.NextLong(100_000, 1_000_000);
    }

    /// <summary>A replacement under way: phase 1 reconciles to the log replica, phase 2 to the full one.</summary>
    private sealed class Replacement(Membership withLog, Membership full)
    {
        public Membership WithLog { get; } = withLog;

        public Membership Full { get; } = full;

        public int Phase { get; set; } = 1;
    }

    /// <summary>Each group's keys, wherever they are in the data column family.</summary>
    private sealed class KeysScope(List<SimKey> keys) : IPartitionSnapshotScope
    {
        public IReadOnlyList<SnapshotRange> Ranges(ulong group)
        {
            var mine = keys.Where(k => k.Group == group).Select(k => Convert.ToHexString(k.ItemKey)).ToHashSet(StringComparer.Ordinal);
            return [new SnapshotRange([], [], key => mine.Contains(Convert.ToHexString(key)))];
        }
    }
}
