namespace Basalt.Replication;

/// <summary>Handing work to the host and learning that it is done.</summary>
public sealed partial class RaftNode
{
    private HardState persistedHardState;
    private HardState handedOutHardState;
    private SoftState handedOutSoftState;
    private Ready? outstanding;

    private HardState CurrentHardState => new(Term, Vote, log.Committed);

    /// <summary>Whether there is anything for the host to do.</summary>
    public bool HasReady =>
        outstanding is null &&
        (ReportedHardState() != handedOutHardState || log.HasUnstable || pendingSnapshot is not null ||
         outbox.Count > 0 || log.HasNextToApply || readStates.Count > 0 ||
         new SoftState(Leader, Role) != handedOutSoftState);

    /// <summary>Takes the pending work; call <see cref="Advance"/> once it is done, before the next GetReady.</summary>
    public Ready GetReady()
    {
        if (outstanding is not null)
        {
            throw new InvalidOperationException("Advance the previous Ready first.");
        }

        var hardState = ReportedHardState();
        var entries = log.Unstable();
        var soft = new SoftState(Leader, Role);
        var mustSync = entries.Length > 0 || pendingSnapshot is not null ||
                       hardState.Term != persistedHardState.Term || hardState.Vote != persistedHardState.Vote;
        if (config.Bugs.HasFlag(InjectedBugs.AckBeforeFsync) && Role != RaftRole.Leader &&
            hardState.Term == persistedHardState.Term && hardState.Vote == persistedHardState.Vote)
        {
            mustSync = false;
        }

        var ready = new Ready
        {
            HardState = hardState != handedOutHardState ? hardState : null,
            Entries = entries,
            Snapshot = pendingSnapshot,
            SnapshotKeepsLog = pendingSnapshot is not null && pendingSnapshotKeepsLog,
            MustSync = mustSync,
            Messages = outbox,

            // Entries after a snapshot are applied once it is installed (the next Ready).
            CommittedEntries = pendingSnapshot is null ? log.NextToApply() : [],
            ReadStates = readStates,
            SoftState = soft,
            SoftStateChanged = soft != handedOutSoftState,
        };
        outbox = [];
        readStates = [];
        handedOutHardState = hardState;
        handedOutSoftState = soft;
        outstanding = ready;
        return ready;
    }

    /// <summary>The host has persisted, sent and applied <paramref name="ready"/>.</summary>
    public void Advance(Ready ready)
    {
        ArgumentNullException.ThrowIfNull(ready);
        if (!ReferenceEquals(ready, outstanding))
        {
            throw new InvalidOperationException("Advance must be given the outstanding Ready.");
        }

        outstanding = null;
        if (ready.HardState is { } hs)
        {
            persistedHardState = hs;
        }

        if (ready.Snapshot is not null && ReferenceEquals(ready.Snapshot, pendingSnapshot))
        {
            pendingSnapshot = null;
        }

        if (ready.Entries.Count > 0)
        {
            var last = ready.Entries[^1];
            log.StableTo(last.Index, last.Term);
        }

        if (ready.CommittedEntries.Count > 0)
        {
            log.AppliedTo(ready.CommittedEntries[^1].Index);
        }

        if (Role == RaftRole.Leader && progress.TryGetValue(Id, out var self) && self.MaybeUpdate(log.Stable) && MaybeCommit())
        {
            BroadcastAppend();
        }
    }

    /// <summary>The hard state as the host should persist it (the vote-not-persisted bug hides new votes).</summary>
    private HardState ReportedHardState()
    {
        var hs = CurrentHardState;
        if (config.Bugs.HasFlag(InjectedBugs.VoteNotPersisted) && Vote != Id)
        {
            hs = hs with { Vote = hs.Term == persistedHardState.Term ? persistedHardState.Vote : 0 };
        }

        return hs;
    }
}
