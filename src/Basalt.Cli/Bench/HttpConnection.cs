using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Basalt.Cli.Bench;

/// <summary>A completed exchange: the status and the body (valid until the next request on the connection).</summary>
internal readonly record struct HttpExchange(int Status, ReadOnlyMemory<byte> Body);

/// <summary>
/// One keep-alive HTTP/1.1 connection over a raw socket, one request at a time (the
/// <c>--transport sockets</c> path). Sends a request that is already fully encoded and reads the
/// response into a reusable buffer: no allocation per request (socket operations complete through
/// the runtime's cached awaitables and the async state machine is pooled).
/// </summary>
internal sealed class HttpConnection : IDisposable
{
    private readonly EndPoint _endpoint;
    private readonly HttpResponseReader _reader;
    private Socket? _socket;

    public HttpConnection(EndPoint endpoint, int initialBufferSize = 64 * 1024)
    {
        _endpoint = endpoint;
        _reader = new HttpResponseReader(initialBufferSize);
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

            _reader.Reset();
            HttpExchange exchange;
            bool close;
            while (!_reader.TryComplete(out exchange, out close))
            {
                var received = await socket.ReceiveAsync(_reader.ReceiveSpace(), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (received == 0)
                {
                    exchange = _reader.CompleteAtEndOfStream();
                    close = true;
                    break;
                }

                _reader.Advance(received);
            }

            if (close)
            {
                Close();
            }

            return exchange;
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

    private void Close()
    {
        _socket?.Dispose();
        _socket = null;
    }
}
