namespace Basalt.Simulation.Cluster;

/// <summary>How hostile one seed's run is; drawn from the seed so runs differ in kind, not just in detail.</summary>
internal sealed record FaultProfile
{
    public required double DropRate { get; init; }

    public required double DuplicateRate { get; init; }

    /// <summary>Chance a message takes a long detour (delivered far later: reordering).</summary>
    public required double SlowRate { get; init; }

    public required long BaseDelayMicros { get; init; }

    public required long JitterMicros { get; init; }

    /// <summary>Probability per chaos tick of crashing a node.</summary>
    public required double CrashRate { get; init; }

    /// <summary>Probability of crashing a node within milliseconds of an interesting moment (a vote, an election win).</summary>
    public required double CrashPointRate { get; init; }

    public required double PartitionRate { get; init; }

    public required double ConfigChangeRate { get; init; }

    public required double TransferRate { get; init; }

    public required bool TornWrites { get; init; }

    /// <summary>Relative clock speeds differ by up to this fraction (within the lease drift bound).</summary>
    public required double ClockDrift { get; init; }

    public required int CompactEvery { get; init; }

    public required long MaxAppendBytes { get; init; }

    public required int MaxInflight { get; init; }

    public required int SnapshotChunkBytes { get; init; }

    /// <summary>Share of client operations that are reads (the rest split between put and compare-and-set).</summary>
    public required double ReadFraction { get; init; }

    public required int Clients { get; init; }

    /// <summary>Raft runs with pre-vote (most seeds) or without.</summary>
    public required bool PreVote { get; init; }

    /// <summary>Raft runs with check-quorum (most seeds) or without (leases and vote refusal still apply).</summary>
    public required bool CheckQuorum { get; init; }

    public static FaultProfile Draw(SimRandom r) => new()
    {
        DropRate = r.Pick([0.0, 0.01, 0.05, 0.1, 0.2]),
        DuplicateRate = r.Pick([0.0, 0.01, 0.05]),
        SlowRate = r.Pick([0.0, 0.01, 0.05]),
        BaseDelayMicros = r.NextLong(200, 3_000),
        JitterMicros = r.NextLong(100, 10_000),
        CrashRate = r.Pick([0.0, 0.02, 0.05, 0.15]),
        CrashPointRate = r.Pick([0.0, 0.05, 0.2, 0.4]),
        PartitionRate = r.Pick([0.0, 0.03, 0.08, 0.2, 0.3]),
        ConfigChangeRate = r.Pick([0.0, 0.03, 0.1]),
        TransferRate = r.Pick([0.0, 0.02, 0.08]),
        TornWrites = r.Chance(0.5),
        ClockDrift = r.Pick([0.0, 0.02, 0.05, 0.1]),
        CompactEvery = r.Pick([8, 20, 60, 1_000]),
        MaxAppendBytes = r.Pick([1L, 1, 200, 64 * 1024]),
        MaxInflight = r.Pick([1, 1, 4, 64]),
        ReadFraction = r.Pick([0.3, 0.6]),
        Clients = r.Next(2, 8),
        PreVote = r.Chance(0.75),
        CheckQuorum = r.Chance(0.75),
        SnapshotChunkBytes = r.Pick([16, 128, 64 * 1024]),
    };
}
