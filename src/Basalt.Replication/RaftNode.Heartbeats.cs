using Basalt.Replication.Tracking;

namespace Basalt.Replication;

/// <summary>The leader's clock: heartbeats (§5.2), check-quorum, and resuming stalled followers.</summary>
public sealed partial class RaftNode
{
    private void TickLeader()
    {
        heartbeatElapsed++;
        electionElapsed++;
        if (electionElapsed >= config.ElectionTicks)
        {
            electionElapsed = 0;
            if (config.CheckQuorum && !QuorumRecentlyActive())
            {
                BecomeFollower(Term, 0);
                return;
            }

            TransferTarget = 0;
        }

        if (heartbeatElapsed >= config.HeartbeatTicks)
        {
            heartbeatElapsed = 0;
            BroadcastHeartbeat();
        }
    }

    private bool QuorumRecentlyActive()
    {
        var active = 0;
        foreach (var id in membership.Voting)
        {
            if (id == Id || (progress.TryGetValue(id, out var pr) && pr.RecentActive))
            {
                active++;
            }
        }

        foreach (var (id, pr) in progress)
        {
            pr.RecentActive = id == Id;
        }

        return active >= Quorum.Majority(membership.Voting.Count);
    }

    /// <summary>
    /// An index through which every member of the group holds the log durably (and which is
    /// committed): no member can ever need an entry at or below it again, so a host may drop its log
    /// through it without ever having to send a snapshot. The leader computes it from its members'
    /// match indexes; followers learn it from the leader's heartbeats.
    /// </summary>
    public ulong SafeCompactIndex => Role == RaftRole.Leader ? MinimumMatch() : followerCompactHint;

    private ulong followerCompactHint;

    private ulong MinimumMatch()
    {
        var minimum = log.Committed;
        foreach (var (_, pr) in progress)
        {
            minimum = Math.Min(minimum, pr.Match);
        }

        return minimum;
    }

    private void BroadcastHeartbeat()
    {
        var hint = MinimumMatch();
        foreach (var (id, pr) in progress)
        {
            if (id != Id)
            {
                Send(new Message
                {
                    Type = MessageType.Heartbeat, From = Id, To = id, Term = Term,
                    Commit = Math.Min(pr.Match, log.Committed), SentTick = now, Seq = readSeq, CompactHint = hint,
                });
            }
        }
    }

    private void HandleHeartbeat(Message m)
    {
        log.CommitTo(m.Commit);

        // Held durably by every member once, held forever: a hint from any term stays true.
        followerCompactHint = Math.Max(followerCompactHint, Math.Min(m.CompactHint, log.Committed));
        Send(Respond(m, MessageType.HeartbeatResponse, index: 0));
    }

    private void HandleHeartbeatResponse(Message m, Progress pr)
    {
        Acknowledged(m, pr);
        if (pr.State == ProgressState.Snapshot)
        {
            // Retransmit a chunk that may have been lost, but not on every heartbeat.
            if (now - pr.SnapshotSentTick >= 3 * config.HeartbeatTicks)
            {
                SendSnapshotChunk(m.From, pr);
            }

            return;
        }

        // Resume a follower whose probe or whole window may have been lost.
        pr.ProbeSent = false;
        if (pr.State == ProgressState.Replicate && pr.Inflights.Full)
        {
            pr.Inflights.FreeFirst();
        }

        if (pr.Match < log.LastIndex || pr.State == ProgressState.Probe)
        {
            SendAppend(m.From, sendIfEmpty: true);
        }
    }
}
