namespace Basalt.Replication;

/// <summary>The role a node plays in its current term.</summary>
public enum RaftRole
{
    /// <summary>Follows a leader (or waits for one).</summary>
    Follower,

    /// <summary>Asks whether it could win an election, without disturbing the current term.</summary>
    PreCandidate,

    /// <summary>Campaigns for votes in a new term.</summary>
    Candidate,

    /// <summary>Leads the term: the only node that appends to the log.</summary>
    Leader,
}

/// <summary>Volatile state the host may want to observe (who leads, what this node is).</summary>
public readonly record struct SoftState(ulong Leader, RaftRole Role);
