using System.Globalization;
using Basalt.Replication;
using Basalt.Simulation.ClusterMode;
using Basalt.Simulation.Partitions;

namespace Basalt.Simulation;

/// <summary>What the simulator runs.</summary>
public enum SimulationMode
{
    /// <summary>A Raft group of bare <see cref="RaftNode"/>s with a toy key-value state machine.</summary>
    Raft,

    /// <summary>The real storage nodes and partition replicas on power-loss engines, with item clients.</summary>
    Partition,

    /// <summary>Partition mode's nodes with the meta group, MemDS and routers in front: clients go through the routers.</summary>
    Cluster,
}

/// <summary>The simulator's command line.</summary>
public sealed record SimulationOptions
{
    public SimulationMode Mode { get; init; } = SimulationMode.Raft;

    /// <summary>Partition mode: replication groups across the nodes (0 = drawn per seed, 1–3).</summary>
    public int Groups { get; init; }

    public int Seeds { get; init; } = 100;

    public ulong StartSeed { get; init; } = 1;

    public int Steps { get; init; } = 40_000;

    public int Nodes { get; init; } = 3;

    public int LogReplicas { get; init; }

    /// <summary>Partition mode: members replaced during the chaos (a log replica, then a full one), at most.</summary>
    public int Replacements { get; init; } = 2;

    public string? Inject { get; init; }

    public bool TraceHash { get; init; }

    public bool Verbose { get; init; }

    /// <summary>Stop after this many failures (0 = never).</summary>
    public int MaxFailures { get; init; }

    public const string Usage =
        "usage: Basalt.Simulation --seeds N [--mode raft|partition|cluster] [--start-seed S] [--steps K] [--nodes 3|5] [--log-replicas M] [--groups G] [--replacements R] [--inject BUG] [--trace-hash] [--max-failures F] [--verbose]\n" +
        "bugs: ack-before-fsync, vote-not-persisted, lease-without-quorum, commit-old-term, log-replica-campaigns, lease-without-drift\n" +
        "partition-mode bugs: read-pending, unconfirmed-condition, no-latch, applied-index-synced (and the Raft bugs but log-replica-campaigns)\n" +
        "cluster-mode bugs: read-without-leading, ambiguous-retry, no-lookup-on-hit (and the partition-mode bugs)";

    internal static readonly IReadOnlyDictionary<string, InjectedBugs> BugNames = new Dictionary<string, InjectedBugs>(StringComparer.Ordinal)
    {
        ["ack-before-fsync"] = InjectedBugs.AckBeforeFsync,
        ["vote-not-persisted"] = InjectedBugs.VoteNotPersisted,
        ["lease-without-quorum"] = InjectedBugs.LeaseWithoutQuorum,
        ["commit-old-term"] = InjectedBugs.CommitOldTerm,
        ["log-replica-campaigns"] = InjectedBugs.LogReplicaCampaigns,
        ["lease-without-drift"] = InjectedBugs.LeaseWithoutDriftBound,
    };

    internal static readonly IReadOnlyDictionary<string, PartitionBugs> PartitionBugNames = new Dictionary<string, PartitionBugs>(StringComparer.Ordinal)
    {
        ["read-pending"] = PartitionBugs.ReadPending,
        ["unconfirmed-condition"] = PartitionBugs.UnconfirmedCondition,
        ["no-latch"] = PartitionBugs.NoLatch,
        ["applied-index-synced"] = PartitionBugs.AppliedIndexSynced,
    };

    internal static readonly IReadOnlyDictionary<string, ClusterBugs> ClusterBugNames = new Dictionary<string, ClusterBugs>(StringComparer.Ordinal)
    {
        ["read-without-leading"] = ClusterBugs.ReadWithoutLeading,
        ["ambiguous-retry"] = ClusterBugs.AmbiguousRetry,
        ["no-lookup-on-hit"] = ClusterBugs.NoLookupOnHit,
    };

    internal ClusterBugs ClusterLevelBugs => Inject is not null && ClusterBugNames.TryGetValue(Inject, out var bug) ? bug : ClusterBugs.None;

    internal InjectedBugs Bugs => Inject is not null && BugNames.TryGetValue(Inject, out var bug) ? bug : InjectedBugs.None;

    internal PartitionBugs PartitionLevelBugs => Inject is not null && PartitionBugNames.TryGetValue(Inject, out var bug) ? bug : PartitionBugs.None;

    public static SimulationOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var o = new SimulationOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            o = args[i] switch
            {
                "--mode" => o with { Mode = Value() switch { "raft" => SimulationMode.Raft, "partition" => SimulationMode.Partition, "cluster" => SimulationMode.Cluster, var m => throw new ArgumentException($"unknown mode {m}") } },
                "--replacements" => o with { Replacements = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--groups" => o with { Groups = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--seeds" => o with { Seeds = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--start-seed" => o with { StartSeed = ulong.Parse(Value(), CultureInfo.InvariantCulture) },
                "--steps" => o with { Steps = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--nodes" => o with { Nodes = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--log-replicas" => o with { LogReplicas = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--inject" => o with { Inject = Value() },
                "--max-failures" => o with { MaxFailures = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--trace-hash" => o with { TraceHash = true },
                "--verbose" => o with { Verbose = true },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        if (o.Nodes is not (3 or 5))
        {
            throw new ArgumentException("--nodes must be 3 or 5");
        }

        if (o.LogReplicas < 0 || o.LogReplicas > (o.Nodes - 1) / 2)
        {
            throw new ArgumentException("--log-replicas must leave a majority of full voters");
        }

        var partitionLike = o.Mode is SimulationMode.Partition or SimulationMode.Cluster;
        if (o.Inject is not null && !BugNames.ContainsKey(o.Inject) && !(partitionLike && PartitionBugNames.ContainsKey(o.Inject)) && !(o.Mode == SimulationMode.Cluster && ClusterBugNames.ContainsKey(o.Inject)))
        {
            throw new ArgumentException($"unknown bug {o.Inject}{(PartitionBugNames.ContainsKey(o.Inject) ? " (a partition-mode bug: add --mode partition)" : ClusterBugNames.ContainsKey(o.Inject) ? " (a cluster-mode bug: add --mode cluster)" : "")}");
        }

        if (o.Mode == SimulationMode.Cluster && o.Nodes != 3)
        {
            throw new ArgumentException("cluster mode runs three storage nodes (one per zone)");
        }

        if (partitionLike)
        {
            if (o.LogReplicas != 0 || o.Inject == "log-replica-campaigns")
            {
                throw new ArgumentException("partition mode has no log replicas");
            }

            if (o.Groups is < 0 or > 8)
            {
                throw new ArgumentException("--groups must be between 1 and 8 (0 = drawn per seed)");
            }
        }

        if (o.Inject == "log-replica-campaigns" && o.LogReplicas == 0)
        {
            o = o with { LogReplicas = 1 };
        }

        return o;
    }

    /// <summary>The command that replays one seed exactly.</summary>
    public string ReplayCommand(ulong seed) =>
        $"dotnet run -c Release --project test/Basalt.Simulation -- --seeds 1 --start-seed {seed} --steps {Steps} --nodes {Nodes}" +
        (Mode is SimulationMode.Partition or SimulationMode.Cluster ? " --mode " + (Mode == SimulationMode.Cluster ? "cluster" : "partition") + (Groups == 0 ? "" : $" --groups {Groups}") + (Replacements == 2 ? "" : $" --replacements {Replacements}") : $" --log-replicas {LogReplicas}") +
        (Inject is null ? "" : $" --inject {Inject}");
}
