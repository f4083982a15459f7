using Basalt.Replication.Tracking;

namespace Basalt.Replication;

/// <summary>
/// Linearizable reads: from the leader's lease with no round trip, or by ReadIndex (§6.4):
/// remember the commit index, confirm leadership with a quorum round, then serve once applied.
/// </summary>
public sealed partial class RaftNode
{
    private readonly List<(ulong Context, ulong Index, ulong Seq)> pendingReads = [];
    private readonly List<ulong> readsWaitingForCommit = [];
    private List<ReadState> readStates = [];

    /// <summary>The current read round; requests carry it and responses echo it.</summary>
    private ulong readSeq = 1;

    /// <summary>Set once this term's leader began a transfer: a forced election may follow at any time.</summary>
    private bool leaseDisabled;

    /// <summary>
    /// Requests a linearizable read identified by <paramref name="context"/>. The answer is a
    /// <see cref="ReadState"/> in a later Ready; serve the read once applied through its index.
    /// </summary>
    public ReadIndexStatus ReadIndex(ulong context)
    {
        if (Role != RaftRole.Leader)
        {
            return ReadIndexStatus.NotLeader;
        }

        if (!CommittedInTerm)
        {
            // Until an entry of this term commits, the commit index may trail the group's (§6.4 step 1).
            readsWaitingForCommit.Add(context);
            return ReadIndexStatus.Pending;
        }

        if (HasValidLease)
        {
            readStates.Add(new ReadState(context, log.Committed, ViaLease: true));
            return ReadIndexStatus.Lease;
        }

        StartReadRound(context);
        return ReadIndexStatus.Pending;
    }

    /// <summary>
    /// Whether this leader holds a lease: a quorum acknowledged requests sent within the last
    /// ElectionTicks − 1 − LeaseDriftTicks ticks, so no other leader can have been elected since.
    /// </summary>
    public bool HasValidLease
    {
        get
        {
            if (Role != RaftRole.Leader || !config.LeaseReads || leaseDisabled || !CommittedInTerm)
            {
                return false;
            }

            if (config.Bugs.HasFlag(InjectedBugs.LeaseWithoutQuorum))
            {
                return true;
            }

            var voting = membership.Voting;
            Span<long> ticks = voting.Count <= 16 ? stackalloc long[voting.Count] : new long[voting.Count];
            for (var i = 0; i < voting.Count; i++)
            {
                ticks[i] = voting[i] == Id ? now : progress.TryGetValue(voting[i], out var p) ? p.LeaseTick : long.MinValue;
            }

            var acknowledged = Quorum.MajorityValue(ticks, long.MinValue);
            return acknowledged != long.MinValue && now < acknowledged + config.LeaseTicks;
        }
    }

    private void StartReadRound(ulong context)
    {
        readSeq++;
        pendingReads.Add((context, log.Committed, readSeq));
        BroadcastHeartbeat();
        ReleaseConfirmedReads();
    }

    private void ServeReadsWaitingForCommit()
    {
        if (readsWaitingForCommit.Count == 0)
        {
            return;
        }

        var waiting = readsWaitingForCommit.ToArray();
        readsWaitingForCommit.Clear();
        foreach (var context in waiting)
        {
            ReadIndex(context);
        }
    }

    /// <summary>Serves every pending read whose round a quorum has acknowledged.</summary>
    private void ReleaseConfirmedReads()
    {
        if (pendingReads.Count == 0 || Role != RaftRole.Leader)
        {
            return;
        }

        var voting = membership.Voting;
        Span<ulong> acked = voting.Count <= 16 ? stackalloc ulong[voting.Count] : new ulong[voting.Count];
        for (var i = 0; i < voting.Count; i++)
        {
            acked[i] = voting[i] == Id ? ulong.MaxValue : progress.TryGetValue(voting[i], out var p) ? p.AckedSeq : 0;
        }

        var confirmed = Quorum.MajorityValue(acked, 0UL);
        var served = 0;
        while (served < pendingReads.Count && pendingReads[served].Seq <= confirmed)
        {
            var (context, index, _) = pendingReads[served];
            readStates.Add(new ReadState(context, index, ViaLease: false));
            served++;
        }

        pendingReads.RemoveRange(0, served);
    }

    private void DropPendingReads()
    {
        pendingReads.Clear();
        readsWaitingForCommit.Clear();
    }
}
