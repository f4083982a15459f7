using System.Buffers.Binary;
using System.IO.Hashing;
using Basalt.Model;

namespace Basalt.Api.Streams;

/// <summary>
/// The stored form of a <see cref="StreamRecord"/>, versioned:
/// <code>
/// version (1) | event (1) | flags (1: bit 0 = made by the service) | created ms (i64 LE)
/// | keys length (i32 LE) + item | old image length (0 = none) + item | new image length + item | crc32 (u32 LE)
/// </code>
/// Items are in <see cref="ItemCodec"/> form (each with its own checksum); the trailing CRC-32
/// covers every byte before it.
/// </summary>
public static class StreamRecordCodec
{
    public const byte CurrentVersion = 1;
    private const int HeaderLength = 1 + 1 + 1 + 8;

    public static byte[] Encode(StreamRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var keys = ItemCodec.Encode(record.Keys, default);
        var old = record.OldImage is null ? [] : ItemCodec.Encode(record.OldImage, default);
        var @new = record.NewImage is null ? [] : ItemCodec.Encode(record.NewImage, default);
        var buffer = new byte[HeaderLength + 12 + keys.Length + old.Length + @new.Length + 4];
        buffer[0] = CurrentVersion;
        buffer[1] = (byte)record.EventName;
        buffer[2] = record.ByService ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(3), record.CreatedMilliseconds);
        var p = HeaderLength;
        Append(buffer, ref p, keys);
        Append(buffer, ref p, old);
        Append(buffer, ref p, @new);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(p), Crc32.HashToUInt32(buffer.AsSpan(0, p)));
        return buffer;
    }

    /// <exception cref="CorruptDataException">Torn, corrupted or of an unknown version.</exception>
    public static StreamRecord Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length < HeaderLength + 12 + 4)
        {
            throw new CorruptDataException("Stream record too short");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(data[^4..]) != Crc32.HashToUInt32(data[..^4]))
        {
            throw new CorruptDataException("Stream record checksum mismatch");
        }

        if (data[0] != CurrentVersion)
        {
            throw new CorruptDataException($"Unsupported stream record version {data[0]}");
        }

        var eventName = (StreamEventName)data[1];
        var byService = (data[2] & 1) != 0;
        var created = BinaryPrimitives.ReadInt64LittleEndian(data[3..]);
        var p = HeaderLength;
        var keys = ReadItem(data, ref p) ?? throw new CorruptDataException("Stream record without keys");
        var old = ReadItem(data, ref p);
        var @new = ReadItem(data, ref p);
        return new StreamRecord(eventName, created, byService, keys, old, @new);
    }

    private static void Append(byte[] buffer, ref int p, byte[] item)
    {
        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(p), item.Length);
        p += 4;
        item.CopyTo(buffer, p);
        p += item.Length;
    }

    private static Item? ReadItem(ReadOnlySpan<byte> data, ref int p)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(data[p..]);
        p += 4;
        if (length == 0)
        {
            return null;
        }

        if (length < 0 || p + length > data.Length - 4)
        {
            throw new CorruptDataException("Stream record item overruns the record");
        }

        var item = ItemCodec.Decode(data.Slice(p, length), out _);
        p += length;
        return item;
    }
}
