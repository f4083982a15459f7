namespace Basalt.Replication;

/// <summary>
/// A confirmed linearizable read: once the host has applied up to <see cref="Index"/>, it may answer
/// the read identified by <see cref="Context"/> from its state machine.
/// </summary>
public readonly record struct ReadState(ulong Context, ulong Index, bool ViaLease);
