namespace Basalt.Simulation.Clients;

/// <summary>How a node answered a client.</summary>
public enum ReplyStatus
{
    /// <summary>Executed; see the result.</summary>
    Done,

    /// <summary>Not executed here; try the hinted leader.</summary>
    NotLeader,
}

/// <summary>A client's attempt at an operation, sent to one node.</summary>
internal sealed record ClientRequest(ulong ClientEndpoint, int Attempt, KvCommand Command);

/// <summary>A node's answer to one attempt.</summary>
internal sealed record ClientReply(int Attempt, long OpId, ReplyStatus Status, KvResult Result, ulong LeaderHint, ulong Index, ulong Term);
