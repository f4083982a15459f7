namespace Basalt.Replication;

/// <summary>What a snapshot covers: the log up to <see cref="Index"/> (of <see cref="Term"/>) and the configuration then.</summary>
public sealed record SnapshotMetadata(ulong Index, ulong Term, Membership Membership);

/// <summary>A state-machine image at a log index. Log replicas carry metadata only (empty data).</summary>
public sealed record Snapshot(SnapshotMetadata Metadata, ReadOnlyMemory<byte> Data)
{
    /// <summary>The empty snapshot a new group starts from: index 0 with the founding configuration.</summary>
    public static Snapshot Initial(Membership membership) => new(new SnapshotMetadata(0, 0, membership), ReadOnlyMemory<byte>.Empty);
}
