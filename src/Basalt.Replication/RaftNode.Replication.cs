using Basalt.Replication.Tracking;

namespace Basalt.Replication;

/// <summary>Log replication (§5.3), commitment (§5.4.2) and flow control.</summary>
public sealed partial class RaftNode
{
    /// <summary>Appends a command to the leader's log and starts replicating it.</summary>
    public ProposeOutcome Propose(ReadOnlyMemory<byte> command)
    {
        if (Role != RaftRole.Leader)
        {
            return new ProposeOutcome(ProposeStatus.NotLeader, 0, Term);
        }

        if (TransferTarget != 0)
        {
            return new ProposeOutcome(ProposeStatus.TransferInProgress, 0, Term);
        }

        var index = AppendAsLeader(EntryType.Normal, command);
        BroadcastAppend();
        return new ProposeOutcome(ProposeStatus.Accepted, index, Term);
    }

    private ulong AppendAsLeader(EntryType type, ReadOnlyMemory<byte> data)
    {
        var index = log.LastIndex + 1;
        log.Append(new Entry(index, Term, type, data));
        if (type == EntryType.Config)
        {
            SyncMembership();
        }

        // The leader's own copy counts toward the quorum only once persisted (see Advance).
        MaybeCommit();
        return index;
    }

    private void BroadcastAppend()
    {
        foreach (var id in progress.Keys)
        {
            if (id != Id)
            {
                SendAppend(id, sendIfEmpty: true);
            }
        }
    }

    /// <summary>Sends the follower what it lacks (entries, or a snapshot chunk); false when nothing was sent.</summary>
    private bool SendAppend(ulong to, bool sendIfEmpty)
    {
        var pr = progress[to];
        if (pr.IsPaused)
        {
            return false;
        }

        var prevIndex = pr.Next - 1;
        if (!log.TryTerm(prevIndex, out var prevTerm) || (pr.WantsData && !pr.DataInstalled))
        {
            return SendSnapshotChunk(to, pr);
        }

        var entries = pr.Next <= log.LastIndex
            ? log.Slice(pr.Next, log.LastIndex, config.MaxAppendBytes)
            : [];
        if (entries.Length == 0 && !sendIfEmpty)
        {
            return false;
        }

        long bytes = 0;
        foreach (var e in entries)
        {
            bytes += e.Size;
        }

        Send(new Message
        {
            Type = MessageType.Append, From = Id, To = to, Term = Term,
            Index = prevIndex, LogTerm = prevTerm, Entries = entries, Commit = log.Committed,
            SentTick = now, Seq = readSeq,
        });
        pr.SentEntries(entries.Length, entries.Length > 0 ? entries[^1].Index : prevIndex, bytes);
        return true;
    }

    private void HandleAppend(Message m)
    {
        if (m.Index < log.Committed)
        {
            Send(Respond(m, MessageType.AppendResponse, index: log.Committed));
            return;
        }

        if (log.TryAppend(m.Index, m.LogTerm, m.Entries, m.Commit, out var lastNew))
        {
            SyncMembership();
            Send(Respond(m, MessageType.AppendResponse, index: lastNew));
            return;
        }

        // Fast backtracking: point the leader at the last index whose term is at most the term it
        // probed with, so it skips a whole term of mismatches per round trip.
        var (hintIndex, hintTerm) = log.FindConflictByTerm(Math.Min(m.Index, log.LastIndex), m.LogTerm);
        Send(new Message
        {
            Type = MessageType.AppendResponse, From = Id, To = m.From, Term = Term,
            Index = m.Index, Reject = true, RejectHint = hintIndex, LogTerm = hintTerm,
            SentTick = m.SentTick, Seq = m.Seq,
        });
    }

    private Message Respond(Message m, MessageType type, ulong index) => new()
    {
        Type = type, From = Id, To = m.From, Term = Term, Index = index, SentTick = m.SentTick, Seq = m.Seq,
    };

    private void HandleAppendResponse(Message m, Progress pr)
    {
        Acknowledged(m, pr);
        if (m.Reject)
        {
            var next = m.RejectHint;
            if (m.LogTerm > 0)
            {
                next = log.FindConflictByTerm(m.RejectHint, m.LogTerm).Index;
            }

            if (pr.MaybeDecrTo(m.Index, next))
            {
                if (pr.State == ProgressState.Replicate)
                {
                    pr.BecomeProbe();
                }

                SendAppend(m.From, sendIfEmpty: true);
            }

            return;
        }

        var wasPaused = pr.IsPaused;
        if (!pr.MaybeUpdate(m.Index))
        {
            return;
        }

        switch (pr.State)
        {
            case ProgressState.Probe:
                pr.BecomeReplicate();
                break;
            case ProgressState.Snapshot when pr.Match >= pr.PendingSnapshot && !pr.PendingForce:
                pr.BecomeReplicate();
                break;
            case ProgressState.Replicate:
                pr.Inflights.FreeLE(m.Index);
                break;
        }

        if (MaybeCommit())
        {
            BroadcastAppend();
        }
        else if (wasPaused)
        {
            SendAppend(m.From, sendIfEmpty: false);
        }

        if (Role != RaftRole.Leader)
        {
            return;
        }

        while (SendAppend(m.From, sendIfEmpty: false))
        {
        }

        if (m.From == TransferTarget && pr.Match == log.LastIndex)
        {
            SendTimeoutNow(m.From);
        }
    }

    /// <summary>Records what any response of this term proves: the peer is alive and acknowledged our leadership.</summary>
    private void Acknowledged(Message m, Progress pr)
    {
        pr.RecentActive = true;
        if (m.Seq == 0)
        {
            return;
        }

        pr.LeaseTick = Math.Max(pr.LeaseTick, m.SentTick);
        if (m.Seq > pr.AckedSeq)
        {
            pr.AckedSeq = m.Seq;
            ReleaseConfirmedReads();
        }
    }

    /// <summary>
    /// Advances the commit index to what a majority has persisted, but only through an entry of
    /// the current term (§5.4.2: never commit an earlier term's entry by counting replicas).
    /// </summary>
    private bool MaybeCommit()
    {
        var voting = membership.Voting;
        Span<ulong> matches = voting.Count <= 16 ? stackalloc ulong[voting.Count] : new ulong[voting.Count];
        for (var i = 0; i < voting.Count; i++)
        {
            matches[i] = progress.TryGetValue(voting[i], out var p) ? p.Match : 0;
        }

        var index = Quorum.MajorityValue(matches, 0UL);
        if (index <= log.Committed || !log.TryTerm(index, out var term))
        {
            return false;
        }

        if (term != Term && !config.Bugs.HasFlag(InjectedBugs.CommitOldTerm))
        {
            return false;
        }

        log.CommitTo(index);
        OnCommitted();
        return true;
    }

    private void OnCommitted()
    {
        if (!CommittedInTerm)
        {
            return;
        }

        ServeReadsWaitingForCommit();
        if (log.Committed >= log.Configs.CurrentIndex && !membership.IsVoting(Id))
        {
            // Removed (or demoted) and the change is committed: hand over by stepping down.
            BecomeFollower(Term, 0);
        }
    }

    private bool CommittedInTerm => log.TryTerm(log.Committed, out var t) && t == Term;
}
