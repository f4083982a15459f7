namespace Basalt.Replication.Tracking;

/// <summary>How the leader is replicating to a follower.</summary>
internal enum ProgressState
{
    /// <summary>One Append at a time until the follower's log position is found.</summary>
    Probe,

    /// <summary>Streaming Appends optimistically, bounded by the inflight window.</summary>
    Replicate,

    /// <summary>Sending a snapshot in chunks; Appends wait.</summary>
    Snapshot,
}

/// <summary>The leader's view of one peer.</summary>
internal sealed class Progress(ulong next, int maxInflight, long maxInflightBytes)
{
    public ulong Match { get; set; }

    public ulong Next { get; set; } = next;

    public ProgressState State { get; private set; } = ProgressState.Probe;

    /// <summary>Probe: an Append is outstanding, wait for its answer (or a heartbeat answer).</summary>
    public bool ProbeSent { get; set; }

    /// <summary>Snapshot: the index of the snapshot being sent.</summary>
    public ulong PendingSnapshot { get; private set; }

    /// <summary>Snapshot: the one being sent is a data snapshot from the host (not the log's compaction point).</summary>
    public bool PendingIsData { get; private set; }

    /// <summary>Snapshot: the one being sent is a forced data install (the follower holds the log but no state machine).</summary>
    public bool PendingForce { get; private set; }

    /// <summary>The host asked for a data snapshot to be installed on this peer although it holds the log (a log replica being built into a full one).</summary>
    public bool WantsData { get; set; }

    /// <summary>The peer acknowledged installing a data snapshot in this term.</summary>
    public bool DataInstalled { get; set; }

    /// <summary>Snapshot: the next byte offset the follower wants.</summary>
    public long SnapshotOffset { get; set; }

    /// <summary>Snapshot: leader tick when the last chunk went out (for retransmission).</summary>
    public long SnapshotSentTick { get; set; }

    /// <summary>Heard from since the last check-quorum.</summary>
    public bool RecentActive { get; set; }

    /// <summary>Latest leader tick (of a request sent) that this peer acknowledged in this term.</summary>
    public long LeaseTick { get; set; } = long.MinValue;

    /// <summary>Latest read round this peer acknowledged in this term.</summary>
    public ulong AckedSeq { get; set; }

    public Inflights Inflights { get; } = new(maxInflight, maxInflightBytes);

    public bool IsPaused => State switch
    {
        ProgressState.Probe => ProbeSent,
        ProgressState.Replicate => Inflights.Full,
        _ => true,
    };

    public void BecomeProbe()
    {
        Next = State == ProgressState.Snapshot ? Math.Max(Match + 1, PendingSnapshot + 1) : Match + 1;
        State = ProgressState.Probe;
        ProbeSent = false;
        PendingSnapshot = 0;
        PendingIsData = false;
        PendingForce = false;
        Inflights.Reset();
    }

    public void BecomeReplicate()
    {
        State = ProgressState.Replicate;
        Next = Match + 1;
        ProbeSent = false;
        PendingIsData = false;
        PendingForce = false;
        Inflights.Reset();
    }

    public void BecomeSnapshot(ulong snapshotIndex, bool isData = false, bool force = false)
    {
        State = ProgressState.Snapshot;
        PendingSnapshot = snapshotIndex;
        PendingIsData = isData;
        PendingForce = force;
        SnapshotOffset = 0;
        ProbeSent = false;
        Inflights.Reset();
    }

    /// <summary>Records an acknowledgement up to <paramref name="index"/>; true when Match grew.</summary>
    public bool MaybeUpdate(ulong index)
    {
        var updated = false;
        if (Match < index)
        {
            Match = index;
            updated = true;
            ProbeSent = false;
        }

        Next = Math.Max(Next, index + 1);
        return updated;
    }

    /// <summary>
    /// Handles a rejection of the Append after <paramref name="rejected"/>; <paramref name="matchHint"/>
    /// is the highest index at which the logs may agree. False when the rejection is stale.
    /// </summary>
    public bool MaybeDecrTo(ulong rejected, ulong matchHint)
    {
        if (State == ProgressState.Replicate)
        {
            if (rejected <= Match)
            {
                return false;
            }

            Next = Match + 1;
            return true;
        }

        if (Next - 1 != rejected)
        {
            return false;
        }

        Next = Math.Max(Math.Min(rejected, matchHint + 1), Match + 1);
        ProbeSent = false;
        return true;
    }

    /// <summary>Records that an Append ending at <paramref name="lastIndex"/> was sent.</summary>
    public void SentEntries(int count, ulong lastIndex, long bytes)
    {
        switch (State)
        {
            case ProgressState.Replicate:
                if (count > 0)
                {
                    Next = lastIndex + 1;
                    Inflights.Add(lastIndex, bytes);
                }

                break;
            case ProgressState.Probe:
                ProbeSent = true;
                break;
        }
    }

    public override string ToString() => $"{State} match={Match} next={Next}{(IsPaused ? " paused" : "")}";
}
