namespace Basalt.Model;

/// <summary>
/// Per-item metadata stored with every item (DESIGN §8a): the hybrid-logical-clock timestamp of
/// the last write, and the id of a prepared transaction holding the item (0 when none).
/// </summary>
public readonly record struct ItemHeader(ulong Timestamp, ulong PreparedTransactionId);
