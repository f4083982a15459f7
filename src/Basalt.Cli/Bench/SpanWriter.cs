using System.Buffers.Text;

namespace Basalt.Cli.Bench;

/// <summary>Appends bytes to a fixed span; throws if it would overflow (callers size buffers up front).</summary>
internal ref struct SpanWriter(Span<byte> buffer)
{
    private readonly Span<byte> _buffer = buffer;

    public int Position { get; private set; }

    public readonly ReadOnlySpan<byte> Written => _buffer[..Position];

    public readonly Span<byte> Remaining => _buffer[Position..];

    public void Write(scoped ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer[Position..]);
        Position += bytes.Length;
    }

    public void Write(byte value)
    {
        _buffer[Position] = value;
        Position++;
    }

    public void Advance(int count) => Position += count;

    public void WriteHex(scoped ReadOnlySpan<byte> bytes)
    {
        SigV4Signer.HexLower(bytes, _buffer[Position..]);
        Position += bytes.Length * 2;
    }

    public void WriteInt64(long value)
    {
        if (!Utf8Formatter.TryFormat(value, _buffer[Position..], out var written))
        {
            throw new InvalidOperationException("buffer too small");
        }

        Position += written;
    }

    /// <summary>Writes a non-negative number left-padded with zeros to <paramref name="digits"/> digits.</summary>
    public void WritePadded(long value, int digits)
    {
        for (var i = digits - 1; i >= 0; i--)
        {
            _buffer[Position + i] = (byte)('0' + value % 10);
            value /= 10;
        }

        Position += digits;
    }
}
