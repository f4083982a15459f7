namespace Basalt.Replication.Tests.Raft;

/// <summary>Table-driven: every message type, arriving at a node in every role, with a stale, equal or newer term (§5.1).</summary>
public class StepTableTests
{
    public static TheoryData<RaftRole, MessageType> RolesAndTypes()
    {
        var data = new TheoryData<RaftRole, MessageType>();
        foreach (var role in Enum.GetValues<RaftRole>())
        {
            foreach (var type in Enum.GetValues<MessageType>())
            {
                data.Add(role, type);
            }
        }

        return data;
    }

    /// <summary>Node 1 of a three-voter group, put in the given role at term 5 (leaders at term 5 with entries).</summary>
    private static RaftNode NodeIn(RaftRole role)
    {
        var config = new RaftConfig { Id = 1, PreVote = role == RaftRole.PreCandidate };
        var state = new RaftInitialState(new HardState(4, 0, 0), Snapshot.Initial(Membership.OfVoters(1, 2, 3)), []);
        var n = new RaftNode(config, state, new Random(1));
        for (var i = 0; i < 10; i++)
        {
            n.Tick();
        }

        n.Campaign();
        if (role == RaftRole.Leader)
        {
            n.Step(new Message { Type = MessageType.VoteResponse, From = 2, To = 1, Term = 5 });
        }
        else if (role == RaftRole.Follower)
        {
            n.Step(new Message { Type = MessageType.Heartbeat, From = 2, To = 1, Term = 5 });
        }

        Assert.Equal(role, n.Role);
        Assert.Equal(role == RaftRole.PreCandidate ? 4UL : 5UL, n.Term);
        if (n.HasReady)
        {
            n.Advance(n.GetReady());
        }

        return n;
    }

    private static Message Msg(MessageType type, ulong term) => new()
    {
        Type = type, From = 3, To = 1, Term = term, Index = 0, LogTerm = 0,
        Snapshot = type == MessageType.Snapshot ? new SnapshotMetadata(0, 0, Membership.OfVoters(1, 2, 3)) : null,
    };

    [Theory]
    [MemberData(nameof(RolesAndTypes))]
    public void MessageFromAnEarlierTerm_NeverChangesRoleOrTerm(RaftRole role, MessageType type)
    {
        var n = NodeIn(role);
        var (term, vote) = (n.Term, n.Vote);
        n.Step(Msg(type, 1));
        Assert.Equal(role, n.Role);
        Assert.Equal(term, n.Term);
        Assert.Equal(vote, n.Vote);
        var replies = n.HasReady ? n.GetReady().Messages : [];

        // Only a stale leader (appends/heartbeats/snapshots) or pre-candidate is told the newer term.
        Assert.All(replies, r => Assert.True(r.Term == term && r.To == 3 &&
            (type is MessageType.Append or MessageType.Heartbeat or MessageType.Snapshot or MessageType.PreVote)));
    }

    [Theory]
    [MemberData(nameof(RolesAndTypes))]
    public void MessageFromALaterTerm_MakesTheNodeAFollowerOfThatTermUnlessItIsAVoteItMayIgnore(RaftRole role, MessageType type)
    {
        var n = NodeIn(role);
        var before = n.Term;
        n.Step(Msg(type, 9));
        var inLease = role is RaftRole.Leader or RaftRole.Follower;
        switch (type)
        {
            case MessageType.PreVote or MessageType.PreVoteResponse:
                // Pre-votes never move terms.
                Assert.Equal(before, n.Term);
                break;
            case MessageType.Vote when inLease:
                // A leader, or a follower that just heard from it, ignores disruptive vote requests.
                Assert.Equal(role, n.Role);
                Assert.Equal(before, n.Term);
                break;
            case MessageType.TimeoutNow:
                // Adopt the newer term, then campaign at once as told.
                Assert.Equal(10UL, n.Term);
                Assert.Equal(RaftRole.Candidate, n.Role);
                break;
            default:
                Assert.Equal(9UL, n.Term);
                Assert.Equal(RaftRole.Follower, n.Role);
                var leaderMessage = type is MessageType.Append or MessageType.Heartbeat or MessageType.Snapshot;
                Assert.Equal(leaderMessage ? 3UL : 0UL, n.Leader);
                break;
        }
    }
}
