namespace Basalt.Replication;

/// <summary>The state a node must persist: current term, the vote it cast in that term, and its commit index.</summary>
public readonly record struct HardState(ulong Term, ulong Vote, ulong Commit);
