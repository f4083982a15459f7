using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Basalt.Cli.Bench;

/// <summary>
/// One closed-loop client of the epoll transport: a keep-alive HTTP/1.1 connection driven as a state
/// machine by its <see cref="EpollLoop"/>'s thread, without async/await: encode the request, send it
/// without blocking (the rest on EPOLLOUT if the socket buffer is full), receive on EPOLLIN until the
/// response is complete, record it, send the next. One send and (usually) one receive per request.
/// </summary>
internal sealed class EpollConnection(EndPoint endpoint, BenchWorker worker, int initialBufferSize = 64 * 1024)
{
    /// <summary>Wait after a failed request before the next, so that a refusing server is not spun on.</summary>
    public static readonly long RetryDelay = Stopwatch.Frequency / 100;

    private readonly HttpResponseReader _reader = new(initialBufferSize);
    private Epoll? _epoll;
    private ulong _token;
    private Socket? _socket;
    private ReadOnlyMemory<byte> _request;
    private int _sent;
    private long _start;

    private enum State
    {
        Idle,
        Sending,
        Receiving,
        Retrying,
        Done,
    }

    private State _state;

    public BenchWorker Worker => worker;

    /// <summary>Connections opened so far (1 + reconnects).</summary>
    public int Connects { get; private set; }

    public bool IsDone => _state == State.Done;

    /// <summary>While retrying: when the next request is due (a <see cref="Stopwatch"/> timestamp).</summary>
    public long RetryAt { get; private set; }

    public bool IsRetrying => _state == State.Retrying;

    /// <summary>Joins the loop's epoll instance (as <paramref name="token"/>) and starts the first request.</summary>
    public void Start(Epoll epoll, ulong token, long now)
    {
        _epoll = epoll;
        _token = token;
        Next(now);
    }

    /// <summary>Handles the readiness <paramref name="events"/> reported for this connection's socket.</summary>
    public void OnEvents(uint events)
    {
        try
        {
            if (_state == State.Sending)
            {
                if ((events & (Epoll.Out | Epoll.Error | Epoll.HangUp)) != 0)
                {
                    Send();
                }

                // A response before the whole request was sent (an early error): read it below.
                if (_state != State.Sending || (events & Epoll.In) == 0)
                {
                    return;
                }
            }

            if (_state is State.Sending or State.Receiving)
            {
                Receive();
            }
        }
        catch (Exception error) when (error is IOException or SocketException or InvalidDataException or ObjectDisposedException)
        {
            Fail();
        }
    }

    /// <summary>Retries after <see cref="RetryAt"/> has passed.</summary>
    public void OnRetryDue(long now)
    {
        if (_state == State.Retrying)
        {
            Next(now);
        }
    }

    /// <summary>Gives up on the request in flight (the loop's drain deadline passed): counts it as failed and closes.</summary>
    public void Abandon()
    {
        if (_state is State.Sending or State.Receiving)
        {
            worker.Fail(_start);
        }

        Close();
        _state = State.Done;
    }

    /// <summary>Starts the next request at <paramref name="now"/>, or finishes if the window has ended.</summary>
    private void Next(long now)
    {
        if (!worker.ShouldStart(now))
        {
            Close();
            _state = State.Done;
            return;
        }

        _start = now;
        try
        {
            _request = worker.NextRequest();
            _sent = 0;
            if (_socket is null)
            {
                Connect();
            }

            _reader.Reset();
            _state = State.Receiving;
            Send();
        }
        catch (Exception error) when (error is IOException or SocketException or InvalidDataException or ObjectDisposedException)
        {
            Fail();
        }
    }

    private void Send()
    {
        var wasSending = _state == State.Sending;
        while (_sent < _request.Length)
        {
            var sent = _socket!.Send(_request.Span[_sent..], SocketFlags.None, out var error);
            if (error == SocketError.WouldBlock)
            {
                if (!wasSending)
                {
                    _epoll!.Change(_socket.Handle, Epoll.In | Epoll.Out, _token);
                    _state = State.Sending;
                }

                return;
            }

            if (error != SocketError.Success)
            {
                throw new SocketException((int)error);
            }

            _sent += sent;
        }

        if (wasSending)
        {
            _epoll!.Change(_socket!.Handle, Epoll.In, _token);
        }

        _state = State.Receiving;
    }

    private void Receive()
    {
        while (true)
        {
            var space = _reader.ReceiveSpace();
            var received = _socket!.Receive(space.Span, SocketFlags.None, out var error);
            if (error == SocketError.WouldBlock)
            {
                return;
            }

            if (error != SocketError.Success)
            {
                throw new SocketException((int)error);
            }

            HttpExchange exchange;
            bool close;
            if (received == 0)
            {
                exchange = _reader.CompleteAtEndOfStream();
                close = true;
            }
            else
            {
                _reader.Advance(received);
                if (!_reader.TryComplete(out exchange, out close))
                {
                    if (received < space.Length)
                    {
                        // Probably all there is for now: wait for EPOLLIN rather than a receive that would block.
                        return;
                    }

                    continue;
                }
            }

            var end = Stopwatch.GetTimestamp();
            worker.Complete(_start, end, exchange.Status, exchange.Body.Span);
            if (close || _state == State.Sending)
            {
                Close();
            }

            Next(end);
            return;
        }
    }

    private void Connect()
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // Blocking connect (immediate on loopback), then non-blocking I/O driven by the loop's epoll.
            socket.Connect(endpoint);
            socket.Blocking = false;
            _epoll!.Register(socket.Handle, Epoll.In, _token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        Connects++;
        _socket = socket;
    }

    private void Fail()
    {
        worker.Fail(_start);
        Close();
        _state = State.Retrying;
        RetryAt = Stopwatch.GetTimestamp() + RetryDelay;
    }

    private void Close()
    {
        if (_socket is null)
        {
            return;
        }

        try
        {
            _epoll!.Unregister(_socket.Handle);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Not registered (the connect failed half-way): closing is all that is left.
        }

        _socket.Dispose();
        _socket = null;
    }
}
