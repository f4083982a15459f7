using System.Buffers;
using System.Text;

namespace Basalt.Api.Auth;

/// <summary>A growable UTF-8 buffer rented from the shared pool; dispose to return it.</summary>
internal struct Utf8Writer : IDisposable
{
    private byte[] _buffer;
    private int _length;

    public Utf8Writer(int initialCapacity)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
        _length = 0;
    }

    public readonly ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public void Write(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    public void Write(ReadOnlySpan<char> text)
    {
        Ensure(Encoding.UTF8.GetMaxByteCount(text.Length));
        _length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length));
    }

    /// <summary>Writes ASCII text lower-cased (header names).</summary>
    public void WriteLowerInvariant(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c < 0x80)
            {
                Write((byte)char.ToLowerInvariant(c));
            }
            else
            {
                Write([c]);
            }
        }
    }

    /// <summary>Writes bytes as lower-case hex.</summary>
    public void WriteHex(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length * 2);
        foreach (var b in bytes)
        {
            _buffer[_length++] = (byte)"0123456789abcdef"[b >> 4];
            _buffer[_length++] = (byte)"0123456789abcdef"[b & 0xF];
        }
    }

    /// <summary>Overwrites what was written with zeros (secrets must not linger in pooled memory).</summary>
    public readonly void Clear() => Array.Clear(_buffer, 0, _length);

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null!;
        }
    }

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + extra));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
