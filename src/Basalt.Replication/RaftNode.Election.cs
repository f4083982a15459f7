using Basalt.Replication.Tracking;

namespace Basalt.Replication;

/// <summary>Leader election (§5.2), pre-vote and the follower half of leases (§9.6).</summary>
public sealed partial class RaftNode
{
    /// <summary>The current campaign comes from a leadership transfer (its vote requests bypass leases).</summary>
    private bool campaignForced;

    /// <summary>Starts an election now (pre-vote first when enabled), if this node may lead.</summary>
    public void Campaign()
    {
        if (Role == RaftRole.Leader || !Promotable)
        {
            return;
        }

        if (config.PreVote)
        {
            BecomePreCandidate();
            RequestVotes(MessageType.PreVote, Term + 1, force: false);
        }
        else
        {
            StartElection(force: false);
        }
    }

    private void StartElection(bool force)
    {
        BecomeCandidate();
        RequestVotes(MessageType.Vote, Term, force);
    }

    private void RequestVotes(MessageType type, ulong term, bool force)
    {
        votes[Id] = true;
        campaignForced = force;
        if (TallyVotes())
        {
            return;
        }

        SendVoteRequests(type, term, force);
    }

    /// <summary>Asks every voter that has not answered yet (requests are retried, as RPCs are in §5.1).</summary>
    private void SendVoteRequests(MessageType type, ulong term, bool force)
    {
        foreach (var id in membership.Voting)
        {
            if (id != Id && !votes.ContainsKey(id))
            {
                Send(new Message
                {
                    Type = type, From = Id, To = id, Term = term,
                    Index = log.LastIndex, LogTerm = log.LastTerm, Force = force,
                });
            }
        }
    }

    private void TickElection()
    {
        if (electionElapsed < int.MaxValue)
        {
            electionElapsed++;
        }

        if (Role != RaftRole.Follower && electionElapsed % config.HeartbeatTicks == 0)
        {
            var pre = Role == RaftRole.PreCandidate;
            SendVoteRequests(pre ? MessageType.PreVote : MessageType.Vote, pre ? Term + 1 : Term, campaignForced);
        }

        if (Promotable && electionElapsed >= randomizedElectionTimeout)
        {
            electionElapsed = 0;
            Campaign();
        }
    }

    /// <summary>
    /// Whether this node heard from a leader within the election timeout (or restarted less than one
    /// election timeout ago, when it may have acknowledged a lease it no longer remembers).
    /// </summary>
    private bool InLease() =>
        (config.CheckQuorum || config.LeaseReads) &&
        (Role == RaftRole.Leader || now - lastLeaderContact < config.ElectionTicks);

    private void HandleVoteRequest(Message m)
    {
        var responseType = m.Type == MessageType.Vote ? MessageType.VoteResponse : MessageType.PreVoteResponse;
        var canVote = Vote == m.From || (Vote == 0 && Leader == 0) || (m.Type == MessageType.PreVote && m.Term > Term);
        if (canVote && log.IsUpToDate(m.Index, m.LogTerm))
        {
            // §5.2, §5.4.1: one vote per term, only for a log at least as up to date as ours.
            Send(new Message { Type = responseType, From = Id, To = m.From, Term = m.Term });
            if (m.Type == MessageType.Vote)
            {
                electionElapsed = 0;
                Vote = m.From;
            }
        }
        else
        {
            Send(new Message { Type = responseType, From = Id, To = m.From, Term = Term, Reject = true });
        }
    }

    private void HandleVoteResponse(Message m)
    {
        var expected = Role == RaftRole.PreCandidate ? MessageType.PreVoteResponse : MessageType.VoteResponse;
        if (m.Type != expected || (m.Type == MessageType.PreVoteResponse && !m.Reject && m.Term != Term + 1))
        {
            // A grant for some other pre-election is stale.
            return;
        }

        votes.TryAdd(m.From, !m.Reject);
        TallyVotes();
    }

    /// <summary>Acts on the votes so far; true when the election is decided.</summary>
    private bool TallyVotes()
    {
        switch (Quorum.Tally(membership.Voting, votes))
        {
            case VoteResult.Won when Role == RaftRole.PreCandidate:
                StartElection(force: false);
                return true;
            case VoteResult.Won:
                BecomeLeader();
                BroadcastAppend();
                return true;
            case VoteResult.Lost:
                BecomeFollower(Term, 0);
                return true;
            default:
                return false;
        }
    }
}
