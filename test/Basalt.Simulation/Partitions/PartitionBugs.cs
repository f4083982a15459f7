namespace Basalt.Simulation.Partitions;

/// <summary>Deliberate defects of partition mode, to show the simulator catches them (<c>--inject</c>).</summary>
[Flags]
internal enum PartitionBugs
{
    None = 0,

    /// <summary>Strong reads return <c>ReadLatest</c> (the leader's pending images) instead of applied items.</summary>
    ReadPending = 1 << 0,

    /// <summary>A failed condition or a delete of a missing item is answered without <c>ConfirmLatestAsync</c>.</summary>
    UnconfirmedCondition = 1 << 1,

    /// <summary>Writers skip the key latch between reading the latest value and proposing.</summary>
    NoLatch = 1 << 2,

    /// <summary>The storage node syncs the applied index ahead of the items it covers (a Basalt.Node defect).</summary>
    AppliedIndexSynced = 1 << 3,
}
