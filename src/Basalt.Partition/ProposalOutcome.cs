namespace Basalt.Partition;

/// <summary>What became of a proposed command.</summary>
public enum ProposalOutcome
{
    /// <summary>Committed by a quorum and applied on this replica.</summary>
    Applied,

    /// <summary>Another entry took its place in the log: it never took effect and never will.</summary>
    Superseded,

    /// <summary>The replica stopped before the outcome was known: it may or may not take effect.</summary>
    Unknown,
}
