using System.Buffers.Binary;
using Basalt.Api.Forwarding;
using Basalt.Metadata.Model;
using Basalt.Model;
using Basalt.Partition;

namespace Basalt.Api.Cluster;

/// <summary>
/// What a partition's data snapshot holds in cluster mode (a full replica built by healing): the
/// table's items in the partition's hash range, each local index's entries in the same range (both
/// contiguous: <c>id | hash | ...</c>), and each global index's entries whose base item falls in the
/// range (the index's whole key space, filtered on the base key's hash). Stream records are not
/// included: streams are off in cluster mode.
/// </summary>
public sealed class ClusterSnapshotScope(IClusterMap map) : IPartitionSnapshotScope
{
    public IReadOnlyList<SnapshotRange> Ranges(ulong group)
    {
        var tableId = PartitionInfo.TableOf(group);
        var store = map.Store;
        if (store.FindTable(tableId) is not { } info || store.PartitionsOf(tableId).FirstOrDefault(p => p.GroupId == group) is not { } partition)
        {
            return [];
        }

        var table = ClusterDefinitions.Decode(info);
        var range = partition.Range;
        var ranges = new List<SnapshotRange> { Contiguous(table.Id, range) };
        ranges.AddRange(table.LocalIndexes.Select(index => Contiguous(index.Id, range)));
        foreach (var index in table.GlobalIndexes)
        {
            var hasSortKey = index.SortKey is not null;
            ranges.Add(new SnapshotRange(
                KeyCodec.EncodeTablePrefix(index.Id),
                KeyCodec.EncodeTablePrefix(index.Id + 1),
                key => range.Contains(ShareScope.BaseHashOfIndexEntry(key, hasSortKey))));
        }

        return ranges;
    }

    /// <summary>Keys <c>id | hash</c> with the hash in <paramref name="range"/>.</summary>
    private static SnapshotRange Contiguous(ulong id, HashRange range) =>
        new(WithHash(id, range.Lo), range.Last == ulong.MaxValue ? KeyCodec.EncodeTablePrefix(id + 1) : WithHash(id, range.Last + 1));

    private static byte[] WithHash(ulong id, ulong hash)
    {
        var key = new byte[KeyCodec.TablePrefixLength + KeyCodec.HashLength];
        BinaryPrimitives.WriteUInt64BigEndian(key, id);
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(KeyCodec.TablePrefixLength), hash);
        return key;
    }
}
