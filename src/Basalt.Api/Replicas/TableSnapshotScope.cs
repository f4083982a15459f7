using System.Buffers.Binary;
using Basalt.Api.Tables;
using Basalt.Model;
using Basalt.Partition;

namespace Basalt.Api.Replicas;

/// <summary>
/// The data of a table's partition, for its data snapshots (see <see cref="IPartitionSnapshotScope"/>):
/// the partition owns the items whose partition-key hash is in [low, high). Its items are one
/// contiguous range (<c>tableId | hash</c>), its local-index entries one range under each local
/// index's id (an LSI shares the table's partition key, so its hash); its global-index entries are
/// spread over each global index's key space (keyed by the index key's hash) and are picked out by the
/// base key's hash that every entry ends with (see <see cref="Indexes.IndexEntries"/>). Stream
/// records are not part of it (streams are off in cluster mode).
/// </summary>
public static class TableSnapshotScope
{
    private const int HeaderLength = KeyCodec.TablePrefixLength + KeyCodec.HashLength;

    /// <summary>The hash range [Low, High) of partition <paramref name="partition"/> of <paramref name="count"/> (see <see cref="PartitionRouting"/>); High may be 2⁶⁴.</summary>
    public static (UInt128 Low, UInt128 High) HashRange(int partition, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(partition, count);
        static UInt128 Start(int i, int n) => ((UInt128)i << 64) / (uint)n + (((UInt128)i << 64) % (uint)n == 0 ? UInt128.Zero : UInt128.One);
        return (Start(partition, count), Start(partition + 1, count));
    }

    /// <summary>The key ranges of the partition of <paramref name="table"/> that owns hashes in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static IReadOnlyList<SnapshotRange> Ranges(TableDefinition table, UInt128 low, UInt128 high)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (low >= high || high > ((UInt128)1 << 64))
        {
            throw new ArgumentOutOfRangeException(nameof(high), "Need low < high ≤ 2^64.");
        }

        var ranges = new List<SnapshotRange> { HashSlice(table.Id, low, high) };
        foreach (var index in table.LocalIndexes)
        {
            ranges.Add(HashSlice(index.Id, low, high));
        }

        foreach (var index in table.GlobalIndexes)
        {
            var skips = index.SortKey is null ? 1 : 2;
            ranges.Add(new SnapshotRange(Prefix(index.Id, 0), Next(index.Id), key => BaseHash(key, skips) is { } hash && hash >= low && hash < high));
        }

        return ranges;
    }

    /// <summary>The scope of the groups of <see cref="ReplicaCluster"/>: group → table (null when unknown), partitions by <see cref="PartitionRouting"/>.</summary>
    public static IPartitionSnapshotScope ForGroups(Func<ulong, TableDefinition?> tableOfGroup) => new GroupScope(tableOfGroup);

    /// <summary>The base item's partition-key hash an index entry ends with (after the index's delimited key values), or null when malformed.</summary>
    internal static ulong? BaseHash(ReadOnlySpan<byte> entryKey, int delimitedValues)
    {
        // A delimited value escapes each 0x00 as 0x00 0xFF and ends with 0x00 0x01.
        var at = HeaderLength;
        for (var value = 0; value < delimitedValues; value++)
        {
            while (true)
            {
                if (at + 1 >= entryKey.Length)
                {
                    return null;
                }

                if (entryKey[at++] != 0x00)
                {
                    continue;
                }

                if (entryKey[at++] == 0x01)
                {
                    break;
                }
            }
        }

        return entryKey.Length - at >= KeyCodec.HashLength ? BinaryPrimitives.ReadUInt64BigEndian(entryKey[at..]) : null;
    }

    private static SnapshotRange HashSlice(ulong id, UInt128 low, UInt128 high) =>
        new(Prefix(id, (ulong)low), high == ((UInt128)1 << 64) ? Next(id) : Prefix(id, (ulong)high));

    private static byte[] Prefix(ulong id, ulong hash)
    {
        var key = new byte[HeaderLength];
        BinaryPrimitives.WriteUInt64BigEndian(key, id);
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(KeyCodec.TablePrefixLength), hash);
        return key;
    }

    private static byte[] Next(ulong id) => id == ulong.MaxValue ? [] : KeyCodec.EncodeTablePrefix(id + 1);

    private sealed class GroupScope(Func<ulong, TableDefinition?> tableOfGroup) : IPartitionSnapshotScope
    {
        public IReadOnlyList<SnapshotRange> Ranges(ulong group)
        {
            var table = tableOfGroup(group) ?? throw new InvalidOperationException($"Group {group} belongs to no known table.");
            var partition = (int)(group & 0xFFFF);
            var (low, high) = HashRange(partition, Math.Max(1, table.PartitionCount));
            return TableSnapshotScope.Ranges(table, low, high);
        }
    }
}
