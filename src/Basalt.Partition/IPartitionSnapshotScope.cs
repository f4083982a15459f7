namespace Basalt.Partition;

/// <summary>Whether a key of a <see cref="SnapshotRange"/> belongs to the group (for ranges other groups share).</summary>
public delegate bool SnapshotKeyFilter(ReadOnlySpan<byte> key);

/// <summary>
/// Data-column-family keys <paramref name="Lower"/> ≤ k &lt; <paramref name="Upper"/> (an empty upper bound
/// means unbounded); with <paramref name="Belongs"/>, only the keys it accepts (a key space other
/// groups share, such as global-index entries keyed by the index's hash, filtered on the base key's hash).
/// </summary>
public sealed record SnapshotRange(byte[] Lower, byte[] Upper, SnapshotKeyFilter? Belongs = null);

/// <summary>
/// What a partition's data snapshot holds: the data-column-family keys of one group (its items, its
/// local-index entries, its global-index entries). Given by the host, which knows the key layout
/// (Basalt.Api for tables); the receiver clears exactly these keys before installing a snapshot.
/// </summary>
public interface IPartitionSnapshotScope
{
    /// <summary>The key ranges of <paramref name="group"/>; they must not overlap.</summary>
    IReadOnlyList<SnapshotRange> Ranges(ulong group);
}
