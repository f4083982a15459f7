namespace Basalt.Replication;

/// <summary>
/// A leader's view of one member: how much of the log it is known to hold (<see cref="Match"/>),
/// what is sent next, and whether it answered since the last check-quorum. Hosts use it to decide
/// when a learner has caught up enough to be promoted.
/// </summary>
public readonly record struct PeerStatus(ulong Id, ulong Match, ulong Next, string State, bool RecentActive);
