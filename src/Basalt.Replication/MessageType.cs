namespace Basalt.Replication;

/// <summary>The kinds of message Raft nodes exchange.</summary>
public enum MessageType : byte
{
    /// <summary>Leader → follower: entries after (Index, LogTerm), and the leader's commit index.</summary>
    Append,

    /// <summary>Follower → leader: accepted up to Index, or rejected with a backtracking hint.</summary>
    AppendResponse,

    /// <summary>Leader → follower: I still lead; here is how far you may commit.</summary>
    Heartbeat,

    /// <summary>Follower → leader: heartbeat acknowledged.</summary>
    HeartbeatResponse,

    /// <summary>Candidate → voter: vote for me in Term; my log ends at (Index, LogTerm).</summary>
    Vote,

    /// <summary>Voter → candidate: granted or rejected.</summary>
    VoteResponse,

    /// <summary>Pre-candidate → voter: would you vote for me in Term (without changing terms)?</summary>
    PreVote,

    /// <summary>Voter → pre-candidate: would grant or would not.</summary>
    PreVoteResponse,

    /// <summary>Leader → follower: one chunk of a snapshot.</summary>
    Snapshot,

    /// <summary>Follower → leader: snapshot bytes received so far (the next offset wanted).</summary>
    SnapshotResponse,

    /// <summary>Leader → transferee: campaign now, bypassing pre-vote and leases.</summary>
    TimeoutNow,
}
