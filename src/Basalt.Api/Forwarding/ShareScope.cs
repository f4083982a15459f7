using System.Buffers.Binary;
using System.Text.Json;
using Basalt.Api.Items;
using Basalt.Api.Replicas;
using Basalt.Api.Tables;
using Basalt.Metadata.Model;
using Basalt.Model;

namespace Basalt.Api.Forwarding;

/// <summary>
/// The node side of a router's per-partition share of a Scan or of a global index Query: the
/// partition's hash range, the key range it bounds (the table and its local indexes keep a
/// partition's entries contiguous: <c>id | hash | ...</c>), the filter that picks the partition's
/// entries out of a global index (keyed by the index key, they end with their base item's key,
/// whose hash says the partition), and the report the router merges (<see cref="ReportMember"/>).
/// </summary>
public sealed class ShareScope
{
    /// <summary>The response member carrying a share's report (the router removes it).</summary>
    public const string ReportMember = "BasaltShare";

    private ShareScope(ulong group, HashRange range)
    {
        Group = group;
        Range = range;
    }

    public ulong Group { get; }

    /// <summary>The partition's range of partition-key hashes.</summary>
    public HashRange Range { get; }

    /// <summary>The share of partition group <paramref name="group"/> of <paramref name="table"/> (ValidationException when the group is not one of its partitions).</summary>
    public static ShareScope Of(TableDefinition table, ulong group)
    {
        ArgumentNullException.ThrowIfNull(table);
        var index = (int)(group & 0xFFFF);
        if (PartitionInfo.TableOf(group) != table.Id || index >= table.PartitionCount)
        {
            throw new ValidationException($"Partition group {group} is not a partition of table {table.Name}");
        }

        var range = RangeOf(table.PartitionCount, index);
        return new ShareScope(group, range);
    }

    /// <summary>Partition <paramref name="index"/> of <paramref name="count"/> as <see cref="PartitionRouting"/> places items.</summary>
    public static HashRange RangeOf(int count, int index) => HashRange.Even(count)[index];

    /// <summary>
    /// <paramref name="lower"/>..<paramref name="upper"/> narrowed to the partition for the table and
    /// its local indexes; a global index's range is kept whole (its entries are filtered instead).
    /// </summary>
    public (byte[] Lower, byte[] Upper) Clamp(ReadTarget target, byte[] lower, byte[] upper)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Index is { IsGlobal: true })
        {
            return (lower, upper);
        }

        var first = WithHash(target.KeySpaceId, Range.Lo);
        var end = Range.Last == ulong.MaxValue ? KeyRanges.PrefixEnd(KeyCodec.EncodeTablePrefix(target.KeySpaceId)) : WithHash(target.KeySpaceId, Range.Last + 1);
        if (lower.AsSpan().SequenceCompareTo(first) < 0)
        {
            lower = first;
        }

        if (upper.Length == 0 || upper.AsSpan().SequenceCompareTo(end) > 0)
        {
            upper = end;
        }

        return (lower, upper);
    }

    /// <summary>What the page read records for this share: for a global index, only this partition's entries, each reported.</summary>
    public PageShare PageShareFor(ReadTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Index is not { IsGlobal: true } index)
        {
            return new PageShare(null, recordEntries: false);
        }

        var range = Range;
        var hasSortKey = index.SortKey is not null;
        return new PageShare(key => range.Contains(BaseHashOfIndexEntry(key, hasSortKey)), recordEntries: true);
    }

    /// <summary>
    /// The base item's partition-key hash in a global index entry's key:
    /// <c>indexId | hash | escaped index partition key 00 01 | [escaped index sort key 00 01] | base hash | ...</c>.
    /// </summary>
    public static ulong BaseHashOfIndexEntry(ReadOnlySpan<byte> key, bool hasSortKey)
    {
        var rest = SkipDelimited(key[(KeyCodec.TablePrefixLength + KeyCodec.HashLength)..]);
        if (hasSortKey)
        {
            rest = SkipDelimited(rest);
        }

        return BinaryPrimitives.ReadUInt64BigEndian(rest);
    }

    /// <summary>Writes the share's report: bytes read, the last key evaluated and, for a global index, every entry evaluated.</summary>
    public static void WriteReport(Utf8JsonWriter w, Page page, PageShare? share)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(page);
        w.WriteStartObject(ReportMember);
        w.WriteNumber("BytesRead", page.BytesRead);
        if (share?.LastScannedKey is { } last)
        {
            w.WritePropertyName("LastKey");
            AttributeValueJson.WriteItem(w, last);
        }

        if (share is { RecordEntries: true })
        {
            w.WriteStartArray("Entries");
            foreach (var entry in share.Entries)
            {
                w.WriteStartObject();
                w.WriteBase64String("K", entry.Key);
                w.WritePropertyName("L");
                AttributeValueJson.WriteItem(w, entry.LastKey);
                w.WriteBoolean("M", entry.Matched);
                w.WriteNumber("S", entry.Bytes);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static ReadOnlySpan<byte> SkipDelimited(ReadOnlySpan<byte> s)
    {
        for (var i = 0; i + 1 < s.Length; i++)
        {
            if (s[i] == 0)
            {
                if (s[i + 1] == 0x01)
                {
                    return s[(i + 2)..];
                }

                i++;
            }
        }

        throw new CorruptDataException("Index entry key without a terminated key part");
    }

    private static byte[] WithHash(ulong id, ulong hash)
    {
        var key = new byte[KeyCodec.TablePrefixLength + KeyCodec.HashLength];
        BinaryPrimitives.WriteUInt64BigEndian(key, id);
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(KeyCodec.TablePrefixLength), hash);
        return key;
    }
}
