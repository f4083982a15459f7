using Basalt.Metadata.StateMachine;
using Basalt.Replication;

namespace Basalt.Metadata.Group;

/// <summary>
/// A command handed to the meta group: whether the leader took it (<see cref="Outcome"/>) and, if
/// it did, the result once applied — or a <see cref="MetaProposalLostException"/> when another
/// leader's entry took its place in the log. <see cref="Applied"/> is null when it was not taken.
/// </summary>
public sealed record MetaProposal(ProposeOutcome Outcome, Task<ApplyResult>? Applied);

/// <summary>A proposal's log position was taken by another leader's entry; the command may be retried.</summary>
public sealed class MetaProposalLostException : Exception
{
    public MetaProposalLostException()
        : base("The proposal was lost to a leader change; retry it.")
    {
    }

    public MetaProposalLostException(string message)
        : base(message)
    {
    }

    public MetaProposalLostException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
