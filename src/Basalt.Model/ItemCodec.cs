using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Basalt.Model;

/// <summary>
/// The stored binary form of an item, versioned from day one:
/// <code>
/// version (1) | timestamp (u64 LE) | prepared transaction id (u64 LE) | attributes | crc32 (u32 LE)
/// attributes = count (varint), then per attribute: name length (varint), UTF-8 name, value
/// value      = kind byte, then S/B: length (varint) + bytes; N: number encoding; BOOL: 0|1;
///              NULL: nothing; M: count + (name, value)*; L: count + value*;
///              SS/BS: count + (length + bytes)*; NS: count + number encoding*
/// </code>
/// The CRC-32 covers every byte before it, so a torn or flipped buffer is detected
/// (<see cref="CorruptDataException"/>), as is an unknown version.
/// </summary>
public static class ItemCodec
{
    /// <summary>The format version this build writes.</summary>
    public const byte CurrentVersion = 1;

    private const int HeaderLength = 1 + 8 + 8;
    private const int ChecksumLength = 4;

    // Corrupt input must not recurse without bound; stored items never nest deeper than the limit.
    private const int MaxDecodeDepth = Limits.MaxNestingDepth + 8;

    /// <summary>Encodes an item with its header.</summary>
    public static byte[] Encode(IReadOnlyDictionary<string, AttributeValue> item, ItemHeader header)
    {
        ArgumentNullException.ThrowIfNull(item);
        var buffer = new byte[GetEncodedLength(item)];
        Encode(item, header, buffer);
        return buffer;
    }

    /// <summary>Exact length of <see cref="Encode(IReadOnlyDictionary{string, AttributeValue}, ItemHeader)"/>'s output.</summary>
    public static int GetEncodedLength(IReadOnlyDictionary<string, AttributeValue> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return HeaderLength + MapLength(item) + ChecksumLength;
    }

    /// <summary>Encodes into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Encode(IReadOnlyDictionary<string, AttributeValue> item, ItemHeader header, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(item);
        destination[0] = CurrentVersion;
        BinaryPrimitives.WriteUInt64LittleEndian(destination[1..], header.Timestamp);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[9..], header.PreparedTransactionId);
        int p = HeaderLength;
        WriteMap(item, destination, ref p);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[p..], Crc32.HashToUInt32(destination[..p]));
        return p + ChecksumLength;
    }

    /// <summary>Decodes an item and its header.</summary>
    /// <exception cref="CorruptDataException">Torn, corrupted or of an unknown version.</exception>
    public static Item Decode(ReadOnlySpan<byte> data, out ItemHeader header)
    {
        header = ReadHeader(data);
        var reader = new Reader(data[HeaderLength..^ChecksumLength]);
        int count = reader.ReadCount();
        var item = new Item(count);
        for (int i = 0; i < count; i++)
        {
            string name = reader.ReadString();
            item[name] = reader.ReadValue(0);
        }

        if (!reader.AtEnd)
        {
            throw new CorruptDataException("Trailing bytes after the item");
        }

        return item;
    }

    /// <summary>Reads and verifies the header (version and checksum) without decoding attributes.</summary>
    /// <exception cref="CorruptDataException">Torn, corrupted or of an unknown version.</exception>
    public static ItemHeader ReadHeader(ReadOnlySpan<byte> data)
    {
        if (data.Length < HeaderLength + 1 + ChecksumLength)
        {
            throw new CorruptDataException("Item record too short");
        }

        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(data[^ChecksumLength..]);
        if (stored != Crc32.HashToUInt32(data[..^ChecksumLength]))
        {
            throw new CorruptDataException("Item checksum mismatch");
        }

        if (data[0] != CurrentVersion)
        {
            throw new CorruptDataException($"Unknown item format version {data[0]}");
        }

        return new ItemHeader(
            BinaryPrimitives.ReadUInt64LittleEndian(data[1..]),
            BinaryPrimitives.ReadUInt64LittleEndian(data[9..]));
    }

    /// <summary>A copy of an encoded item with a new header (attributes untouched, checksum recomputed).</summary>
    public static byte[] WithHeader(ReadOnlySpan<byte> data, ItemHeader header)
    {
        ReadHeader(data);
        byte[] copy = data.ToArray();
        BinaryPrimitives.WriteUInt64LittleEndian(copy.AsSpan(1), header.Timestamp);
        BinaryPrimitives.WriteUInt64LittleEndian(copy.AsSpan(9), header.PreparedTransactionId);
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(copy.Length - ChecksumLength), Crc32.HashToUInt32(copy.AsSpan(0, copy.Length - ChecksumLength)));
        return copy;
    }

    private static int MapLength(IReadOnlyDictionary<string, AttributeValue> map)
    {
        int length = VarintLength(map.Count);
        if (map is Dictionary<string, AttributeValue> dictionary)
        {
            foreach (KeyValuePair<string, AttributeValue> entry in dictionary)
            {
                length += StringLength(entry.Key) + ValueLength(entry.Value);
            }

            return length;
        }

        foreach (KeyValuePair<string, AttributeValue> entry in map)
        {
            length += StringLength(entry.Key) + ValueLength(entry.Value);
        }

        return length;
    }

    private static int ValueLength(AttributeValue value)
    {
        int length = 1;
        switch (value.Kind)
        {
            case AttributeKind.S:
                return length + VarintLength(value.Utf8Length) + value.Utf8Length;
            case AttributeKind.N:
                return length + value.N.EncodedLength;
            case AttributeKind.B:
                return length + VarintLength(value.B!.Length) + value.B.Length;
            case AttributeKind.BOOL:
                return length + 1;
            case AttributeKind.NULL:
                return length;
            case AttributeKind.M:
                return length + MapLength(value.M!);
            case AttributeKind.L:
            {
                IReadOnlyList<AttributeValue> list = value.L!;
                length += VarintLength(list.Count);
                for (int i = 0; i < list.Count; i++)
                {
                    length += ValueLength(list[i]);
                }

                return length;
            }

            case AttributeKind.SS:
            {
                IReadOnlyList<string> set = value.SS!;
                length += VarintLength(set.Count);
                for (int i = 0; i < set.Count; i++)
                {
                    length += StringLength(set[i]);
                }

                return length;
            }

            case AttributeKind.NS:
            {
                IReadOnlyList<DynamoNumber> set = value.NS!;
                length += VarintLength(set.Count);
                for (int i = 0; i < set.Count; i++)
                {
                    length += set[i].EncodedLength;
                }

                return length;
            }

            case AttributeKind.BS:
            {
                IReadOnlyList<byte[]> set = value.BS!;
                length += VarintLength(set.Count);
                for (int i = 0; i < set.Count; i++)
                {
                    length += VarintLength(set[i].Length) + set[i].Length;
                }

                return length;
            }

            default:
                throw new ArgumentException($"Unknown attribute kind {value.Kind}", nameof(value));
        }
    }

    private static void WriteMap(IReadOnlyDictionary<string, AttributeValue> map, Span<byte> destination, ref int p)
    {
        WriteVarint(map.Count, destination, ref p);
        if (map is Dictionary<string, AttributeValue> dictionary)
        {
            foreach (KeyValuePair<string, AttributeValue> entry in dictionary)
            {
                WriteString(entry.Key, destination, ref p);
                WriteValue(entry.Value, destination, ref p);
            }

            return;
        }

        foreach (KeyValuePair<string, AttributeValue> entry in map)
        {
            WriteString(entry.Key, destination, ref p);
            WriteValue(entry.Value, destination, ref p);
        }
    }

    private static void WriteValue(AttributeValue value, Span<byte> destination, ref int p)
    {
        destination[p++] = (byte)value.Kind;
        switch (value.Kind)
        {
            case AttributeKind.S:
                WriteVarint(value.Utf8Length, destination, ref p);
                if (value.HasUtf8)
                {
                    value.Utf8.CopyTo(destination[p..]);
                    p += value.Utf8Length;
                }
                else
                {
                    p += Encoding.UTF8.GetBytes(value.S!, destination[p..]);
                }

                break;
            case AttributeKind.N:
                p += value.N.Encode(destination[p..]);
                break;
            case AttributeKind.B:
                WriteBytes(value.B!, destination, ref p);
                break;
            case AttributeKind.BOOL:
                destination[p++] = value.Bool ? (byte)1 : (byte)0;
                break;
            case AttributeKind.NULL:
                break;
            case AttributeKind.M:
                WriteMap(value.M!, destination, ref p);
                break;
            case AttributeKind.L:
            {
                IReadOnlyList<AttributeValue> list = value.L!;
                WriteVarint(list.Count, destination, ref p);
                for (int i = 0; i < list.Count; i++)
                {
                    WriteValue(list[i], destination, ref p);
                }

                break;
            }

            case AttributeKind.SS:
            {
                IReadOnlyList<string> set = value.SS!;
                WriteVarint(set.Count, destination, ref p);
                for (int i = 0; i < set.Count; i++)
                {
                    WriteString(set[i], destination, ref p);
                }

                break;
            }

            case AttributeKind.NS:
            {
                IReadOnlyList<DynamoNumber> set = value.NS!;
                WriteVarint(set.Count, destination, ref p);
                for (int i = 0; i < set.Count; i++)
                {
                    p += set[i].Encode(destination[p..]);
                }

                break;
            }

            case AttributeKind.BS:
            {
                IReadOnlyList<byte[]> set = value.BS!;
                WriteVarint(set.Count, destination, ref p);
                for (int i = 0; i < set.Count; i++)
                {
                    WriteBytes(set[i], destination, ref p);
                }

                break;
            }

            default:
                throw new ArgumentException($"Unknown attribute kind {value.Kind}", nameof(value));
        }
    }

    private static int StringLength(string s)
    {
        int bytes = Encoding.UTF8.GetByteCount(s);
        return VarintLength(bytes) + bytes;
    }

    private static void WriteString(string s, Span<byte> destination, ref int p)
    {
        int bytes = Encoding.UTF8.GetByteCount(s);
        WriteVarint(bytes, destination, ref p);
        p += Encoding.UTF8.GetBytes(s, destination[p..]);
    }

    private static void WriteBytes(byte[] bytes, Span<byte> destination, ref int p)
    {
        WriteVarint(bytes.Length, destination, ref p);
        bytes.CopyTo(destination[p..]);
        p += bytes.Length;
    }

    private static int VarintLength(int value)
    {
        uint v = (uint)value;
        int length = 1;
        while (v >= 0x80)
        {
            v >>= 7;
            length++;
        }

        return length;
    }

    private static void WriteVarint(int value, Span<byte> destination, ref int p)
    {
        uint v = (uint)value;
        while (v >= 0x80)
        {
            destination[p++] = (byte)(v | 0x80);
            v >>= 7;
        }

        destination[p++] = (byte)v;
    }

    /// <summary>Bounds-checked cursor over the attribute bytes; every failure is corrupt data.</summary>
    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public readonly bool AtEnd => _position == _data.Length;

        public AttributeValue ReadValue(int depth)
        {
            if (depth > MaxDecodeDepth)
            {
                throw new CorruptDataException("Item nested too deeply");
            }

            byte kind = ReadByte();
            switch ((AttributeKind)kind)
            {
                case AttributeKind.S:
                    return AttributeValue.FromUtf8(ReadUtf8());
                case AttributeKind.N:
                    return AttributeValue.FromNumber(ReadNumber());
                case AttributeKind.B:
                    return AttributeValue.FromBinary(ReadBytes());
                case AttributeKind.BOOL:
                    return ReadByte() switch
                    {
                        0 => AttributeValue.False,
                        1 => AttributeValue.True,
                        _ => throw new CorruptDataException("Invalid boolean"),
                    };
                case AttributeKind.NULL:
                    return AttributeValue.Null;
                case AttributeKind.M:
                {
                    int count = ReadCount();
                    var map = new Dictionary<string, AttributeValue>(count, StringComparer.Ordinal);
                    for (int i = 0; i < count; i++)
                    {
                        string name = ReadString();
                        map[name] = ReadValue(depth + 1);
                    }

                    return AttributeValue.FromMap(map);
                }

                case AttributeKind.L:
                {
                    var list = new AttributeValue[ReadCount()];
                    for (int i = 0; i < list.Length; i++)
                    {
                        list[i] = ReadValue(depth + 1);
                    }

                    return AttributeValue.FromList(list);
                }

                case AttributeKind.SS:
                {
                    var set = new string[ReadCount()];
                    for (int i = 0; i < set.Length; i++)
                    {
                        set[i] = ReadString();
                    }

                    return AttributeValue.FromStringSet(set);
                }

                case AttributeKind.NS:
                {
                    var set = new DynamoNumber[ReadCount()];
                    for (int i = 0; i < set.Length; i++)
                    {
                        set[i] = ReadNumber();
                    }

                    return AttributeValue.FromNumberSet(set);
                }

                case AttributeKind.BS:
                {
                    var set = new byte[ReadCount()][];
                    for (int i = 0; i < set.Length; i++)
                    {
                        set[i] = ReadBytes();
                    }

                    return AttributeValue.FromBinarySet(set);
                }

                default:
                    throw new CorruptDataException($"Unknown attribute kind {kind}");
            }
        }

        /// <summary>An element count; every element takes at least one byte, so it cannot exceed what is left.</summary>
        public int ReadCount()
        {
            int count = ReadVarint();
            if (count > _data.Length - _position)
            {
                throw new CorruptDataException("Element count exceeds the data");
            }

            return count;
        }

        public string ReadString()
        {
            ReadOnlySpan<byte> bytes = ReadSlice();
            try
            {
                return StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException e)
            {
                throw new CorruptDataException("Invalid UTF-8", e);
            }
        }

        private byte[] ReadBytes() => ReadSlice().ToArray();

        /// <summary>A string's UTF-8 bytes, checked (decoded into text only if something needs it).</summary>
        private byte[] ReadUtf8()
        {
            ReadOnlySpan<byte> bytes = ReadSlice();
            if (!System.Text.Unicode.Utf8.IsValid(bytes))
            {
                throw new CorruptDataException("Invalid UTF-8");
            }

            return bytes.ToArray();
        }

        private DynamoNumber ReadNumber()
        {
            DynamoNumber number = DynamoNumber.Decode(_data[_position..], out int read);
            _position += read;
            return number;
        }

        private ReadOnlySpan<byte> ReadSlice()
        {
            int length = ReadVarint();
            if (length > _data.Length - _position)
            {
                throw new CorruptDataException("Length exceeds the data");
            }

            ReadOnlySpan<byte> slice = _data.Slice(_position, length);
            _position += length;
            return slice;
        }

        private byte ReadByte()
        {
            if (_position >= _data.Length)
            {
                throw new CorruptDataException("Truncated item");
            }

            return _data[_position++];
        }

        private int ReadVarint()
        {
            uint value = 0;
            for (int shift = 0; shift < 35; shift += 7)
            {
                byte b = ReadByte();
                value |= (uint)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    if (value > int.MaxValue)
                    {
                        throw new CorruptDataException("Varint out of range");
                    }

                    return (int)value;
                }
            }

            throw new CorruptDataException("Varint too long");
        }
    }
}
