namespace Basalt.Partition.Tests;

/// <summary>A snapshot scope for a node with one group: every data key is the group's.</summary>
internal sealed class WholeDataScope : IPartitionSnapshotScope
{
    public IReadOnlyList<SnapshotRange> Ranges(ulong group) => [new SnapshotRange([], [])];
}
