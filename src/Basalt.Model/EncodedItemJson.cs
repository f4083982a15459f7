using System.Text.Json;

namespace Basalt.Model;

/// <summary>
/// Reads a stored item (<see cref="ItemCodec"/>'s encoding) without materialising an
/// <see cref="Item"/>: writes it straight as DynamoDB JSON, or measures its size. The read path of
/// GetItem, Query and Scan without a projection or filter needs no more, and skips turning every
/// string into a .NET string and back (the largest cost of a read of a large item).
/// Output and sizes are exactly those of <see cref="AttributeValueJson.WriteItem"/> and
/// <see cref="ItemSize.Of(IReadOnlyDictionary{string, AttributeValue})"/> on <see cref="ItemCodec.Decode"/>'s result.
/// </summary>
public static class EncodedItemJson
{
    private const int HeaderLength = 1 + 8 + 8;
    private const int ChecksumLength = 4;
    private const int DocumentOverhead = 3;
    private const int ElementOverhead = 1;
    private const int MaxDepth = Limits.MaxNestingDepth + 8;

    private static readonly JsonEncodedText SName = JsonEncodedText.Encode("S");
    private static readonly JsonEncodedText NName = JsonEncodedText.Encode("N");
    private static readonly JsonEncodedText BName = JsonEncodedText.Encode("B");
    private static readonly JsonEncodedText BoolName = JsonEncodedText.Encode("BOOL");
    private static readonly JsonEncodedText NullName = JsonEncodedText.Encode("NULL");
    private static readonly JsonEncodedText MName = JsonEncodedText.Encode("M");
    private static readonly JsonEncodedText LName = JsonEncodedText.Encode("L");
    private static readonly JsonEncodedText SsName = JsonEncodedText.Encode("SS");
    private static readonly JsonEncodedText NsName = JsonEncodedText.Encode("NS");
    private static readonly JsonEncodedText BsName = JsonEncodedText.Encode("BS");

    /// <summary>Writes the item as a DynamoDB JSON map (attribute name → typed value).</summary>
    /// <exception cref="CorruptDataException">Torn, corrupted or of an unknown version.</exception>
    public static void WriteItem(Utf8JsonWriter writer, ReadOnlySpan<byte> encoded)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ItemCodec.ReadHeader(encoded);
        var cursor = new Cursor(encoded[HeaderLength..^ChecksumLength]);
        try
        {
            WriteMap(writer, ref cursor, 0);
        }
        catch (ArgumentException e)
        {
            // Utf8JsonWriter rejects invalid UTF-8 in names and strings.
            throw new CorruptDataException("Invalid UTF-8", e);
        }

        if (!cursor.AtEnd)
        {
            throw new CorruptDataException("Trailing bytes after the item");
        }
    }

    /// <summary>The item's size by DynamoDB's rules (names plus values).</summary>
    /// <exception cref="CorruptDataException">Torn, corrupted or of an unknown version.</exception>
    public static int Size(ReadOnlySpan<byte> encoded)
    {
        ItemCodec.ReadHeader(encoded);
        var cursor = new Cursor(encoded[HeaderLength..^ChecksumLength]);
        var size = MapSize(ref cursor, 0, out _);
        if (!cursor.AtEnd)
        {
            throw new CorruptDataException("Trailing bytes after the item");
        }

        return size;
    }

    private static void WriteMap(Utf8JsonWriter writer, ref Cursor cursor, int depth)
    {
        var count = cursor.ReadCount();
        writer.WriteStartObject();
        for (var i = 0; i < count; i++)
        {
            writer.WritePropertyName(cursor.ReadSlice());
            WriteValue(writer, ref cursor, depth);
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, ref Cursor cursor, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new CorruptDataException("Item nested too deeply");
        }

        var kind = cursor.ReadByte();
        writer.WriteStartObject();
        switch ((AttributeKind)kind)
        {
            case AttributeKind.S:
                writer.WriteString(SName, cursor.ReadSlice());
                break;
            case AttributeKind.N:
                WriteNumber(writer, NName, ref cursor);
                break;
            case AttributeKind.B:
                writer.WriteBase64String(BName, cursor.ReadSlice());
                break;
            case AttributeKind.BOOL:
                writer.WriteBoolean(BoolName, cursor.ReadByte() switch
                {
                    0 => false,
                    1 => true,
                    _ => throw new CorruptDataException("Invalid boolean"),
                });
                break;
            case AttributeKind.NULL:
                writer.WriteBoolean(NullName, true);
                break;
            case AttributeKind.M:
                writer.WritePropertyName(MName);
                WriteMap(writer, ref cursor, depth + 1);
                break;
            case AttributeKind.L:
            {
                var count = cursor.ReadCount();
                writer.WriteStartArray(LName);
                for (var i = 0; i < count; i++)
                {
                    WriteValue(writer, ref cursor, depth + 1);
                }

                writer.WriteEndArray();
                break;
            }

            case AttributeKind.SS:
            {
                var count = cursor.ReadCount();
                writer.WriteStartArray(SsName);
                for (var i = 0; i < count; i++)
                {
                    writer.WriteStringValue(cursor.ReadSlice());
                }

                writer.WriteEndArray();
                break;
            }

            case AttributeKind.NS:
            {
                var count = cursor.ReadCount();
                writer.WriteStartArray(NsName);
                Span<char> buffer = stackalloc char[DynamoNumber.MaxFormattedLength];
                for (var i = 0; i < count; i++)
                {
                    cursor.ReadNumber().TryFormat(buffer, out var written);
                    writer.WriteStringValue(buffer[..written]);
                }

                writer.WriteEndArray();
                break;
            }

            case AttributeKind.BS:
            {
                var count = cursor.ReadCount();
                writer.WriteStartArray(BsName);
                for (var i = 0; i < count; i++)
                {
                    writer.WriteBase64StringValue(cursor.ReadSlice());
                }

                writer.WriteEndArray();
                break;
            }

            default:
                throw new CorruptDataException($"Unknown attribute kind {kind}");
        }

        writer.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter writer, JsonEncodedText name, ref Cursor cursor)
    {
        Span<char> buffer = stackalloc char[DynamoNumber.MaxFormattedLength];
        cursor.ReadNumber().TryFormat(buffer, out var written);
        writer.WriteString(name, buffer[..written]);
    }

    private static int MapSize(ref Cursor cursor, int depth, out int count)
    {
        count = cursor.ReadCount();
        var size = 0;
        for (var i = 0; i < count; i++)
        {
            size += Utf8Length(cursor.ReadSlice()) + ValueSize(ref cursor, depth);
        }

        return size;
    }

    private static int ValueSize(ref Cursor cursor, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new CorruptDataException("Item nested too deeply");
        }

        var kind = cursor.ReadByte();
        switch ((AttributeKind)kind)
        {
            case AttributeKind.S:
                return Utf8Length(cursor.ReadSlice());
            case AttributeKind.N:
                return cursor.ReadNumber().SizeInBytes;
            case AttributeKind.B:
                return cursor.ReadSlice().Length;
            case AttributeKind.BOOL:
                if (cursor.ReadByte() > 1)
                {
                    throw new CorruptDataException("Invalid boolean");
                }

                return 1;
            case AttributeKind.NULL:
                return 1;
            case AttributeKind.M:
            {
                var size = MapSize(ref cursor, depth + 1, out var count);
                return DocumentOverhead + count * ElementOverhead + size;
            }

            case AttributeKind.L:
            {
                var count = cursor.ReadCount();
                var size = DocumentOverhead;
                for (var i = 0; i < count; i++)
                {
                    size += ElementOverhead + ValueSize(ref cursor, depth + 1);
                }

                return size;
            }

            case AttributeKind.SS:
            case AttributeKind.BS:
            {
                var count = cursor.ReadCount();
                var size = 0;
                for (var i = 0; i < count; i++)
                {
                    var member = cursor.ReadSlice();
                    size += kind == (byte)AttributeKind.SS ? Utf8Length(member) : member.Length;
                }

                return size;
            }

            case AttributeKind.NS:
            {
                var count = cursor.ReadCount();
                var size = 0;
                for (var i = 0; i < count; i++)
                {
                    size += cursor.ReadNumber().SizeInBytes;
                }

                return size;
            }

            default:
                throw new CorruptDataException($"Unknown attribute kind {kind}");
        }
    }

    /// <summary>A stored string's byte length, once it is known to be valid UTF-8.</summary>
    private static int Utf8Length(ReadOnlySpan<byte> utf8) =>
        System.Text.Unicode.Utf8.IsValid(utf8) ? utf8.Length : throw new CorruptDataException("Invalid UTF-8");

    /// <summary>Bounds-checked cursor over the attribute bytes; every failure is corrupt data.</summary>
    private ref struct Cursor(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public readonly bool AtEnd => _position == _data.Length;

        public byte ReadByte()
        {
            if (_position >= _data.Length)
            {
                throw new CorruptDataException("Truncated item");
            }

            return _data[_position++];
        }

        public int ReadCount()
        {
            var count = ReadVarint();
            if (count > _data.Length - _position)
            {
                throw new CorruptDataException("Element count exceeds the data");
            }

            return count;
        }

        public ReadOnlySpan<byte> ReadSlice()
        {
            var length = ReadVarint();
            if (length > _data.Length - _position)
            {
                throw new CorruptDataException("Length exceeds the data");
            }

            var slice = _data.Slice(_position, length);
            _position += length;
            return slice;
        }

        public DynamoNumber ReadNumber()
        {
            var number = DynamoNumber.Decode(_data[_position..], out var read);
            _position += read;
            return number;
        }

        private int ReadVarint()
        {
            uint value = 0;
            for (var shift = 0; shift < 35; shift += 7)
            {
                var b = ReadByte();
                value |= (uint)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value <= int.MaxValue ? (int)value : throw new CorruptDataException("Length out of range");
                }
            }

            throw new CorruptDataException("Varint too long");
        }
    }
}
