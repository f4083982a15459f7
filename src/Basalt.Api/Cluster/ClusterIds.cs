using Basalt.Metadata.StateMachine;

namespace Basalt.Api.Cluster;

/// <summary>
/// Ids of secondary indexes in cluster mode. The partition map allocates table ids (at most
/// <see cref="PartitionMap.MaxTableId"/>, 48 bits); a table's indexes are numbered by ordinal
/// (1, 2, ...) inside its definition, and their key-space ids are derived: the top bit set, then the
/// table id, then the ordinal (15 bits). They never collide with table ids (below 2⁴⁸) nor with the
/// stream records' reserved id (<see cref="ulong.MaxValue"/>: the largest ordinal is 2¹⁵ − 2), and a
/// table's index ids form one contiguous range (<see cref="IndexRangeStart"/>).
/// </summary>
public static class ClusterIds
{
    /// <summary>The largest index ordinal of a table.</summary>
    public const ulong MaxOrdinal = (1UL << OrdinalBits) - 2;

    private const int OrdinalBits = 15;
    private const ulong IndexBit = 1UL << 63;

    /// <summary>The key-space id of index <paramref name="ordinal"/> (1, 2, ...) of table <paramref name="tableId"/>.</summary>
    public static ulong IndexId(ulong tableId, ulong ordinal)
    {
        ArgumentOutOfRangeException.ThrowIfZero(tableId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tableId, PartitionMap.MaxTableId);
        ArgumentOutOfRangeException.ThrowIfZero(ordinal);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ordinal, MaxOrdinal);
        return IndexBit | (tableId << OrdinalBits) | ordinal;
    }

    /// <summary>Whether <paramref name="id"/> is an index id of table <paramref name="tableId"/>.</summary>
    public static bool IsIndexOf(ulong tableId, ulong id) => id >= IndexRangeStart(tableId) && id < IndexRangeStart(tableId + 1) && (id & ((1UL << OrdinalBits) - 1)) is > 0 and <= MaxOrdinal;

    /// <summary>The ordinal of index id <paramref name="id"/> of table <paramref name="tableId"/>.</summary>
    public static ulong OrdinalOf(ulong tableId, ulong id) =>
        IsIndexOf(tableId, id) ? id & ((1UL << OrdinalBits) - 1) : throw new ArgumentException($"{id} is not an index id of table {tableId}.", nameof(id));

    /// <summary>The first id of table <paramref name="tableId"/>'s index range (the range of table + 1 starts where it ends).</summary>
    public static ulong IndexRangeStart(ulong tableId) => IndexBit | (tableId << OrdinalBits);
}
