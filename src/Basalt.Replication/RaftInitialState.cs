namespace Basalt.Replication;

/// <summary>
/// What a node starts from: its persisted hard state, latest snapshot and the entries after it.
/// A brand-new group member starts from <see cref="Bootstrap"/>; a node joining an existing group
/// starts from <see cref="Joining"/> and learns everything from the leader.
/// </summary>
public sealed record RaftInitialState(HardState HardState, Snapshot Snapshot, IReadOnlyList<Entry> Entries, ulong Applied = 0)
{
    /// <summary>A founding member of a new group with the given configuration.</summary>
    public static RaftInitialState Bootstrap(Membership membership) => new(default, Snapshot.Initial(membership), []);

    /// <summary>A node added to an existing group: it knows nothing until the leader contacts it.</summary>
    public static RaftInitialState Joining() => new(default, Snapshot.Initial(Membership.Empty), []);
}
