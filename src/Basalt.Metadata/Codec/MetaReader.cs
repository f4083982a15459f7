using System.Buffers.Binary;

namespace Basalt.Metadata.Codec;

/// <summary>Reads what <see cref="MetaWriter"/> wrote; throws <see cref="InvalidDataException"/> on malformed input.</summary>
public ref struct MetaReader
{
    private readonly ReadOnlySpan<byte> data;
    private int position;

    public MetaReader(ReadOnlySpan<byte> data)
    {
        this.data = data;
        position = 0;
    }

    /// <summary>Bytes not yet read.</summary>
    public readonly int Remaining => data.Length - position;

    /// <summary>Offset of the next byte.</summary>
    public readonly int Position => position;

    public byte Byte()
    {
        Need(1);
        return data[position++];
    }

    public bool Bool() => Byte() switch
    {
        0 => false,
        1 => true,
        var b => throw new InvalidDataException($"Invalid boolean byte {b}."),
    };

    public ulong VarUInt()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Byte();
            if (shift == 63 && b > 1)
            {
                throw new InvalidDataException("Varint overflows 64 bits.");
            }

            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("Varint longer than 10 bytes.");
    }

    public int VarInt()
    {
        var value = VarUInt();
        return value <= int.MaxValue ? (int)value : throw new InvalidDataException($"Length {value} out of range.");
    }

    public ulong Fixed64()
    {
        Need(8);
        var value = BinaryPrimitives.ReadUInt64BigEndian(data[position..]);
        position += 8;
        return value;
    }

    public string String()
    {
        var bytes = Span(VarInt());
        try
        {
            return MetaWriter.StrictUtf8.GetString(bytes);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException("Invalid UTF-8 string.", e);
        }
    }

    public byte[] Bytes() => Span(VarInt()).ToArray();

    public ReadOnlySpan<byte> Span(int length)
    {
        Need(length);
        var span = data.Slice(position, length);
        position += length;
        return span;
    }

    /// <summary>Throws unless every byte was read.</summary>
    public readonly void End()
    {
        if (position != data.Length)
        {
            throw new InvalidDataException($"{data.Length - position} trailing bytes.");
        }
    }

    private readonly void Need(int n)
    {
        if (n < 0 || data.Length - position < n)
        {
            throw new InvalidDataException("Truncated metadata record.");
        }
    }
}
