using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Basalt.Cli.Bench;

/// <summary>A completed exchange: the status and the body (valid until the next request on the connection).</summary>
internal readonly record struct HttpExchange(int Status, ReadOnlyMemory<byte> Body);

/// <summary>
/// One keep-alive HTTP/1.1 connection over a raw socket, one request at a time. Sends a request
/// that is already fully encoded and reads the response into a reusable buffer: no allocation per
/// request (socket operations complete through the runtime's cached awaitables and the async state
/// machine is pooled).
/// </summary>
internal sealed class HttpConnection : IDisposable
{
    private readonly EndPoint _endpoint;
    private Socket? _socket;
    private byte[] _buffer;
    private int _buffered;

    public HttpConnection(EndPoint endpoint, int initialBufferSize = 64 * 1024)
    {
        _endpoint = endpoint;
        _buffer = new byte[initialBufferSize];
    }

    /// <summary>Connections opened so far (1 + reconnects).</summary>
    public int Connects { get; private set; }

    /// <summary>Sends one request and reads its response; reconnects first if the connection was closed.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<HttpExchange> SendAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        var socket = _socket ?? await ConnectAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var sent = 0;
            while (sent < request.Length)
            {
                sent += await socket.SendAsync(request[sent..], SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }

            _buffered = 0;
            HttpResponseHead head;
            while (!HttpResponseParser.TryParseHead(_buffer.AsSpan(0, _buffered), out head))
            {
                EnsureCapacity(_buffered + 4096);
                var received = await socket.ReceiveAsync(_buffer.AsMemory(_buffered), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                _buffered += received > 0 ? received : throw new IOException("the server closed the connection");
            }

            int bodyLength;
            if (head.Chunked)
            {
                int consumed;
                while (!HttpResponseParser.TryDecodeChunked(_buffer.AsSpan(head.HeadLength, _buffered - head.HeadLength), out consumed, out bodyLength))
                {
                    EnsureCapacity(_buffered + 4096);
                var received = await socket.ReceiveAsync(_buffer.AsMemory(_buffered), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                _buffered += received > 0 ? received : throw new IOException("the server closed the connection");
                }
            }
            else if (head.ContentLength >= 0)
            {
                bodyLength = checked((int)head.ContentLength);
                EnsureCapacity(head.HeadLength + bodyLength);
                while (_buffered < head.HeadLength + bodyLength)
                {
                    EnsureCapacity(_buffered + 4096);
                var received = await socket.ReceiveAsync(_buffer.AsMemory(_buffered), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                _buffered += received > 0 ? received : throw new IOException("the server closed the connection");
                }
            }
            else
            {
                // No length: the body runs until the server closes the connection.
                while (true)
                {
                    EnsureCapacity(_buffered + 4096);
                    var received = await socket.ReceiveAsync(_buffer.AsMemory(_buffered), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    if (received == 0)
                    {
                        break;
                    }

                    _buffered += received;
                }

                bodyLength = _buffered - head.HeadLength;
                Close();
                return new HttpExchange(head.Status, _buffer.AsMemory(head.HeadLength, bodyLength));
            }

            if (head.Close)
            {
                Close();
            }

            return new HttpExchange(head.Status, _buffer.AsMemory(head.HeadLength, bodyLength));
        }
        catch
        {
            Close();
            throw;
        }
    }

    public void Dispose() => Close();

    private async ValueTask<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(_endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(_endpoint, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        Connects++;
        _socket = socket;
        return socket;
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

    private void Close()
    {
        _socket?.Dispose();
        _socket = null;
        _buffered = 0;
    }
}
