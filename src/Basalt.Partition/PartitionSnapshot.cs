using System.Buffers.Binary;
using System.IO.Hashing;
using Basalt.Model;
using Basalt.Storage;

namespace Basalt.Partition;

/// <summary>
/// A partition's data snapshot: every data-column-family key and value of a group's
/// <see cref="IPartitionSnapshotScope"/> at one applied index. Raft sends it in chunks; the receiver
/// checks it whole before installing. Format 1: <c>[1] { [key len u32][key][value len u32][value] }
/// [record count u64][XxHash3 of everything before u64]</c>.
/// </summary>
public static class PartitionSnapshot
{
    public const byte FormatVersion = 1;
    private const int TrailerBytes = 16;

    /// <summary>Reads the group's keys from <paramref name="engine"/> (one consistent cursor per range: the caller holds the data still).</summary>
    public static byte[] Build(IStorageEngine engine, IReadOnlyList<SnapshotRange> ranges)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(ranges);
        using var buffer = new MemoryStream();
        buffer.WriteByte(FormatVersion);
        Span<byte> length = stackalloc byte[4];
        ulong count = 0;
        foreach (var range in ranges)
        {
            using var cursor = engine.OpenCursor(ColumnFamily.Data, range.Lower, range.Upper, reverse: false);
            while (cursor.MoveNext())
            {
                if (range.Belongs is { } belongs && !belongs(cursor.Key))
                {
                    continue;
                }

                BinaryPrimitives.WriteUInt32BigEndian(length, (uint)cursor.Key.Length);
                buffer.Write(length);
                buffer.Write(cursor.Key);
                BinaryPrimitives.WriteUInt32BigEndian(length, (uint)cursor.Value.Length);
                buffer.Write(length);
                buffer.Write(cursor.Value);
                count++;
            }
        }

        Span<byte> trailer = stackalloc byte[TrailerBytes];
        BinaryPrimitives.WriteUInt64BigEndian(trailer, count);
        buffer.Write(trailer[..8]);
        var hash = XxHash3.HashToUInt64(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        BinaryPrimitives.WriteUInt64BigEndian(trailer[8..], hash);
        buffer.Write(trailer[8..]);
        return buffer.ToArray();
    }

    /// <summary>
    /// Adds to <paramref name="batch"/> the deletion of every key the group has in <paramref name="engine"/>
    /// and the snapshot's keys: written as one batch, the install is atomic.
    /// </summary>
    /// <exception cref="CorruptDataException">The snapshot fails its checksum or is malformed (nothing is added).</exception>
    public static void Install(IStorageEngine engine, IReadOnlyList<SnapshotRange> ranges, ReadOnlySpan<byte> snapshot, WriteBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Verify(snapshot);
        Clear(engine, ranges, batch);
        var at = 1;
        var end = snapshot.Length - TrailerBytes;
        while (at < end)
        {
            var key = Block(snapshot, ref at, end);
            var value = Block(snapshot, ref at, end);
            batch.Put(ColumnFamily.Data, key, value);
        }
    }

    /// <summary>Adds to <paramref name="batch"/> the deletion of every key of the ranges (a replica that stops keeping items).</summary>
    public static void Clear(IStorageEngine engine, IReadOnlyList<SnapshotRange> ranges, WriteBatch batch)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(ranges);
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var range in ranges)
        {
            using var cursor = engine.OpenCursor(ColumnFamily.Data, range.Lower, range.Upper, reverse: false);
            while (cursor.MoveNext())
            {
                if (range.Belongs is null || range.Belongs(cursor.Key))
                {
                    batch.Delete(ColumnFamily.Data, cursor.Key);
                }
            }
        }
    }

    /// <summary>Throws <see cref="CorruptDataException"/> unless <paramref name="snapshot"/> is a well-formed snapshot.</summary>
    public static void Verify(ReadOnlySpan<byte> snapshot)
    {
        if (snapshot.Length < 1 + TrailerBytes || snapshot[0] != FormatVersion)
        {
            throw new CorruptDataException($"Not a partition snapshot of format {FormatVersion} ({snapshot.Length} bytes).");
        }

        var end = snapshot.Length - TrailerBytes;
        if (XxHash3.HashToUInt64(snapshot[..(end + 8)]) != BinaryPrimitives.ReadUInt64BigEndian(snapshot[(end + 8)..]))
        {
            throw new CorruptDataException("Partition snapshot fails its checksum.");
        }

        ulong count = 0;
        var at = 1;
        while (at < end)
        {
            Block(snapshot, ref at, end);
            Block(snapshot, ref at, end);
            count++;
        }

        if (count != BinaryPrimitives.ReadUInt64BigEndian(snapshot[end..]))
        {
            throw new CorruptDataException("Partition snapshot record count does not match its records.");
        }
    }

    private static ReadOnlySpan<byte> Block(ReadOnlySpan<byte> snapshot, ref int at, int end)
    {
        if (end - at < 4)
        {
            throw new CorruptDataException("Partition snapshot truncated inside a length.");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(snapshot[at..]);
        if (length > (uint)(end - at - 4))
        {
            throw new CorruptDataException("Partition snapshot block runs past the end.");
        }

        var block = snapshot.Slice(at + 4, (int)length);
        at += 4 + (int)length;
        return block;
    }
}
