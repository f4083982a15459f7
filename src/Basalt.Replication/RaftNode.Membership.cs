namespace Basalt.Replication;

/// <summary>
/// Single-server membership changes (§4.1 of Ongaro's dissertation): one voter added or removed
/// at a time, each change in force as soon as it is in the log, the next allowed only once it is
/// committed, and none before the leader has committed an entry of its own term.
/// </summary>
public sealed partial class RaftNode
{
    private ulong pendingConfigIndex;

    /// <summary>Proposes a single-server membership change.</summary>
    public ProposeOutcome ProposeConfigChange(ConfigChange change)
    {
        if (Role != RaftRole.Leader)
        {
            return new ProposeOutcome(ProposeStatus.NotLeader, 0, Term);
        }

        if (TransferTarget != 0)
        {
            return new ProposeOutcome(ProposeStatus.TransferInProgress, 0, Term);
        }

        if (pendingConfigIndex > log.Committed || log.Configs.CurrentIndex > log.Committed || !CommittedInTerm)
        {
            return new ProposeOutcome(ProposeStatus.ConfigChangePending, 0, Term);
        }

        // A log replica becomes a full voter only once it holds a state machine: it acknowledged a
        // data install in this term (see RequestDataInstall). It stays a voting member throughout.
        var promotes = change.Type == ConfigChangeType.AddVoter && membership.IsLogReplica(change.NodeId) && PeerHoldsData(change.NodeId);
        if (!membership.TryApply(change, out var next, out var error, promotes))
        {
            return new ProposeOutcome(ProposeStatus.InvalidConfigChange, 0, Term, error);
        }

        var index = AppendAsLeader(EntryType.Config, next.Encode());
        pendingConfigIndex = index;
        BroadcastAppend();
        return new ProposeOutcome(ProposeStatus.Accepted, index, Term);
    }

    /// <summary>Brings the node's view of the group in line with the latest configuration in its log.</summary>
    private void SyncMembership()
    {
        var current = log.Configs.Current;
        if (ReferenceEquals(current, membership))
        {
            return;
        }

        membership = current;
        if (Role != RaftRole.Leader)
        {
            return;
        }

        foreach (var id in membership.All)
        {
            if (!progress.ContainsKey(id))
            {
                AddProgress(id);
            }
        }

        foreach (var id in progress.Keys.ToArray())
        {
            if (id != Id && !membership.Contains(id))
            {
                progress.Remove(id);
            }
        }

        if (TransferTarget != 0 && !membership.IsFullVoter(TransferTarget))
        {
            TransferTarget = 0;
        }

        // A smaller quorum may already have the entries.
        MaybeCommit();
    }
}
