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

    private void BroadcastHeartbeat()
    {
        foreach (var (id, pr) in progress)
        {
            if (id != Id)
            {
                Send(new Message
                {
                    Type = MessageType.Heartbeat, From = Id, To = id, Term = Term,
                    Commit = Math.Min(pr.Match, log.Committed), SentTick = now, Seq = readSeq,
                });
            }
        }
    }

    private void HandleHeartbeat(Message m)
    {
        log.CommitTo(m.Commit);
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
