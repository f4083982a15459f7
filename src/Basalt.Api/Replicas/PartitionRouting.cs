using System.Buffers.Binary;
using Basalt.Api.Tables;

namespace Basalt.Api.Replicas;

/// <summary>
/// Which partition of a table owns an item: partition i of n holds the items whose partition-key
/// hash h (bytes 8–15 of the item key, see KeyCodec) satisfies i = ⌊h·n / 2⁶⁴⌋ — n equal, contiguous
/// hash ranges, so each partition is one contiguous range of the table's key space.
/// </summary>
public static class PartitionRouting
{
    /// <summary>The Raft group of partition <paramref name="partition"/> of table <paramref name="tableId"/>.</summary>
    public static ulong GroupId(ulong tableId, int partition) => (tableId << 16) | (uint)partition;

    public static int PartitionOf(int partitionCount, ReadOnlySpan<byte> itemKey)
    {
        if (partitionCount <= 1)
        {
            return 0;
        }

        var hash = BinaryPrimitives.ReadUInt64BigEndian(itemKey[8..]);
        return (int)(((UInt128)hash * (uint)partitionCount) >> 64);
    }

    public static ulong GroupOf(TableDefinition table, ReadOnlySpan<byte> itemKey)
    {
        ArgumentNullException.ThrowIfNull(table);
        return GroupId(table.Id, PartitionOf(table.PartitionCount, itemKey));
    }

    public static IEnumerable<ulong> GroupsOf(TableDefinition table)
    {
        ArgumentNullException.ThrowIfNull(table);
        for (var p = 0; p < table.PartitionCount; p++)
        {
            yield return GroupId(table.Id, p);
        }
    }
}
