namespace Basalt.Cli.Bench;

/// <summary>
/// The receive side of one HTTP/1.1 connection, independent of how bytes arrive: the caller
/// receives into <see cref="ReceiveSpace"/>, reports the count with <see cref="Advance"/>, and asks
/// <see cref="TryComplete"/> whether a whole response is buffered. Shared by the async socket and the
/// epoll transports. One response at a time; the buffer is reused (grows, never shrinks).
/// </summary>
internal sealed class HttpResponseReader(int initialBufferSize = 64 * 1024)
{
    private const int MinimumReceive = 4096;
    private byte[] _buffer = new byte[Math.Max(16, initialBufferSize)];
    private int _buffered;

    /// <summary>Forgets what was buffered (before the next response, or after the connection closed).</summary>
    public void Reset() => _buffered = 0;

    /// <summary>Free space to receive into (at least 4 KiB; at least the rest of a response whose length is known).</summary>
    public Memory<byte> ReceiveSpace()
    {
        EnsureCapacity(_buffered + MinimumReceive);
        return _buffer.AsMemory(_buffered);
    }

    public void Advance(int received) => _buffered += received;

    /// <summary>
    /// True when a whole response is buffered: <paramref name="exchange"/> is its status and body
    /// (valid until the next <see cref="Reset"/>), <paramref name="close"/> whether the server will
    /// close the connection after it. Throws <see cref="InvalidDataException"/> on a malformed response.
    /// </summary>
    public bool TryComplete(out HttpExchange exchange, out bool close)
    {
        exchange = default;
        close = false;
        if (!HttpResponseParser.TryParseHead(_buffer.AsSpan(0, _buffered), out var head))
        {
            return false;
        }

        int bodyLength;
        if (head.Chunked)
        {
            if (!HttpResponseParser.TryDecodeChunked(_buffer.AsSpan(head.HeadLength, _buffered - head.HeadLength), out _, out bodyLength))
            {
                return false;
            }
        }
        else if (head.ContentLength >= 0)
        {
            bodyLength = checked((int)head.ContentLength);
            if (_buffered < head.HeadLength + bodyLength)
            {
                EnsureCapacity(head.HeadLength + bodyLength);
                return false;
            }
        }
        else
        {
            // No length: the body runs until the server closes the connection (CompleteAtEndOfStream).
            return false;
        }

        exchange = new HttpExchange(head.Status, _buffer.AsMemory(head.HeadLength, bodyLength));
        close = head.Close;
        return true;
    }

    /// <summary>
    /// The server closed the connection: the response is complete if its body had no length (it ran
    /// to the end of the stream); otherwise the connection broke mid-response (<see cref="IOException"/>).
    /// </summary>
    public HttpExchange CompleteAtEndOfStream()
    {
        if (HttpResponseParser.TryParseHead(_buffer.AsSpan(0, _buffered), out var head) && !head.Chunked && head.ContentLength < 0)
        {
            return new HttpExchange(head.Status, _buffer.AsMemory(head.HeadLength, _buffered - head.HeadLength));
        }

        throw new IOException("the server closed the connection");
    }

    private void EnsureCapacity(int size)
    {
        if (size > _buffer.Length)
        {
            var bigger = new byte[Math.Max(size, _buffer.Length * 2)];
            _buffer.AsSpan(0, _buffered).CopyTo(bigger);
            _buffer = bigger;
        }
    }
}
