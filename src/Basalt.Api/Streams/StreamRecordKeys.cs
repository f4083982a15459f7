using System.Buffers.Binary;

namespace Basalt.Api.Streams;

/// <summary>
/// Where stream records live in the data column family, next to the items they describe:
/// <c>FFFFFFFFFFFFFFFF | tableId (8) | stream created ms (8) | shard index (4) | sequence (8)</c>,
/// all big-endian, so one shard's records are one contiguous range in sequence order. The first
/// 8 bytes are a table id the catalog never hands out (ids count up from 1), so item scans, table
/// purges and recounts never meet a stream record.
/// </summary>
public static class StreamRecordKeys
{
    public const ulong ReservedTableId = ulong.MaxValue;
    public const int StreamPrefixLength = 8 + 8 + 8;
    public const int ShardPrefixLength = StreamPrefixLength + 4;
    public const int KeyLength = ShardPrefixLength + 8;

    public static byte[] StreamPrefix(ulong tableId, long createdMs)
    {
        var key = new byte[StreamPrefixLength];
        WriteStreamPrefix(key, tableId, createdMs);
        return key;
    }

    public static byte[] ShardPrefix(ulong tableId, long createdMs, int shardIndex)
    {
        var key = new byte[ShardPrefixLength];
        WriteStreamPrefix(key, tableId, createdMs);
        BinaryPrimitives.WriteInt32BigEndian(key.AsSpan(StreamPrefixLength), shardIndex);
        return key;
    }

    public static byte[] Record(ulong tableId, long createdMs, int shardIndex, ulong sequence)
    {
        var key = new byte[KeyLength];
        WriteStreamPrefix(key, tableId, createdMs);
        BinaryPrimitives.WriteInt32BigEndian(key.AsSpan(StreamPrefixLength), shardIndex);
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(ShardPrefixLength), sequence);
        return key;
    }

    public static byte[] Record(StreamDescriptor stream, int shardIndex, ulong sequence)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Record(stream.TableId, stream.CreatedMilliseconds, shardIndex, sequence);
    }

    public static ulong SequenceOf(ReadOnlySpan<byte> key) => BinaryPrimitives.ReadUInt64BigEndian(key[ShardPrefixLength..]);

    private static void WriteStreamPrefix(Span<byte> key, ulong tableId, long createdMs)
    {
        BinaryPrimitives.WriteUInt64BigEndian(key, ReservedTableId);
        BinaryPrimitives.WriteUInt64BigEndian(key[8..], tableId);
        BinaryPrimitives.WriteInt64BigEndian(key[16..], createdMs);
    }
}
