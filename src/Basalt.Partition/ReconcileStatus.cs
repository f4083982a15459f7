namespace Basalt.Partition;

/// <summary>Where a membership reconciliation stands (see <see cref="PartitionReplica.Reconcile"/>).</summary>
public enum ReconcileStatus
{
    /// <summary>The group's committed membership is the desired one.</summary>
    Done,

    /// <summary>A step is under way (a change proposed and not yet committed, a replica being built): call again.</summary>
    InProgress,

    /// <summary>This replica does not lead (or no longer serves): reconcile on the leader.</summary>
    NotLeader,
}
