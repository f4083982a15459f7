using Basalt.Replication.Tracking;

namespace Basalt.Replication;

/// <summary>Role transitions.</summary>
public sealed partial class RaftNode
{
    private void Reset(ulong term)
    {
        if (Term != term)
        {
            Term = term;
            Vote = 0;
        }

        Leader = 0;
        electionElapsed = 0;
        heartbeatElapsed = 0;
        randomizedElectionTimeout = config.ElectionTicks + random.Next(config.ElectionTicks);
        votes.Clear();
        progress.Clear();
        TransferTarget = 0;
        leaseDisabled = false;
        dataSnapshot = null;
        DataSnapshotWanted = false;
        DropPendingReads();
    }

    private void BecomeFollower(ulong term, ulong leader)
    {
        Reset(term);
        Role = RaftRole.Follower;
        Leader = leader;
        if (leader != 0)
        {
            lastLeaderContact = now;
        }
    }

    private void BecomePreCandidate()
    {
        // Pre-vote changes neither the term nor the vote (§9.6).
        votes.Clear();
        progress.Clear();
        Leader = 0;
        Role = RaftRole.PreCandidate;
        DropPendingReads();
    }

    private void BecomeCandidate()
    {
        Reset(Term + 1);
        Vote = Id;
        Role = RaftRole.Candidate;
    }

    private void BecomeLeader()
    {
        Reset(Term);
        Role = RaftRole.Leader;
        Leader = Id;
        foreach (var id in membership.All)
        {
            AddProgress(id);
        }

        // No membership change until an entry of this term commits (the single-server fix), and
        // no new leader counts a lease or read until then either.
        pendingConfigIndex = log.LastIndex;
        AppendAsLeader(EntryType.Normal, ReadOnlyMemory<byte>.Empty);
    }

    private Progress AddProgress(ulong id)
    {
        var pr = new Progress(log.LastIndex + 1, config.MaxInflightMessages, config.MaxInflightBytes);
        if (id == Id)
        {
            pr.Match = log.Stable;
            pr.RecentActive = true;
            pr.BecomeReplicate();
            pr.Next = log.LastIndex + 1;
        }

        progress[id] = pr;
        return pr;
    }
}
