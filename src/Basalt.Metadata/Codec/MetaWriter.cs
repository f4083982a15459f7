using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Basalt.Metadata.Codec;

/// <summary>
/// Writes the metadata wire and snapshot formats: unsigned LEB128 varints, length-prefixed UTF-8
/// strings and byte strings, fixed-width big-endian words. The same values always give the same bytes.
/// </summary>
public sealed class MetaWriter
{
    private readonly ArrayBufferWriter<byte> buffer;

    /// <summary>A writer with room for <paramref name="initialCapacity"/> bytes.</summary>
    public MetaWriter(int initialCapacity = 256) => buffer = new ArrayBufferWriter<byte>(initialCapacity);

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => buffer.WrittenSpan;

    /// <summary>A copy of the bytes written so far.</summary>
    public byte[] ToArray() => buffer.WrittenSpan.ToArray();

    public void Byte(byte value)
    {
        buffer.GetSpan(1)[0] = value;
        buffer.Advance(1);
    }

    public void Bool(bool value) => Byte(value ? (byte)1 : (byte)0);

    public void VarUInt(ulong value)
    {
        var span = buffer.GetSpan(10);
        var n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[n++] = (byte)value;
        buffer.Advance(n);
    }

    public void VarInt(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        VarUInt((ulong)value);
    }

    public void Fixed64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    public void String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var length = System.Text.Encoding.UTF8.GetByteCount(value);
        VarInt(length);
        var written = System.Text.Encoding.UTF8.GetBytes(value, buffer.GetSpan(length));
        buffer.Advance(written);
    }

    public void Bytes(ReadOnlySpan<byte> value)
    {
        VarInt(value.Length);
        Raw(value);
    }

    public void Raw(ReadOnlySpan<byte> value)
    {
        value.CopyTo(buffer.GetSpan(value.Length));
        buffer.Advance(value.Length);
    }

    /// <summary>UTF-8 without BOM that throws on invalid input (used by <see cref="MetaReader"/>).</summary>
    internal static UTF8Encoding StrictUtf8 { get; } = new(false, true);
}
