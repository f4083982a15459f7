using System.Collections.Concurrent;
using System.Net.Http;
using System.Net.Sockets;
using Basalt.Protocol.Node.V1;
using Basalt.Replication;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;

namespace Basalt.Node.Transport;

/// <summary>
/// The messages one node sends another: a queue that <see cref="Enqueue"/> fills without ever
/// blocking, and a loop that on <see cref="Flush"/> writes everything queued as one batch (several
/// when it is large) to one long-lived client-streaming call. A broken call is dropped with the batch
/// it failed on; until the backoff has passed, messages for the peer are dropped at once, then the
/// next batch opens a new call. Raft retransmits whatever is lost.
/// </summary>
internal sealed partial class PeerSender : IAsyncDisposable
{
    private readonly ulong _self;
    private readonly GrpcTransportOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly GrpcChannel _channel;
    private readonly RaftTransport.RaftTransportClient _client;
    private readonly ConcurrentQueue<(ulong Group, Message Message)> _queue = new();
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private AsyncClientStreamingCall<RaftBatch, StreamSummary>? _call;
    private CancellationTokenSource? _callCancel;
    private long _callStarted;
    private long _retryAt;
    private TimeSpan _backoff;
    private int _queued;
    private int _signaled;
    private int _connected;
    private long _messagesSent;
    private long _batchesSent;
    private long _dropped;
    private long _connects;
    private long _failures;

    public PeerSender(ulong self, ulong peer, Uri address, GrpcTransportOptions options, TimeProvider time, ILogger logger)
    {
        _self = self;
        Peer = peer;
        Address = address;
        _options = options;
        _time = time;
        _logger = logger;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            KeepAlivePingDelay = options.KeepAlive,
            KeepAlivePingTimeout = options.KeepAlive,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            EnableMultipleHttp2Connections = false,

            // Our own connect (also what disables the channel's load-balancing subchannels, whose
            // reconnect backoff — up to two minutes, on real time — would stack on ours).
            ConnectCallback = ConnectAsync,
        };
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxSendMessageSize = options.MaxMessageBytes,
            MaxReceiveMessageSize = options.MaxMessageBytes,
        });
        _client = new RaftTransport.RaftTransportClient(_channel);
        _loop = Task.Run(LoopAsync);
    }

    public ulong Peer { get; }

    public Uri Address { get; }

    /// <summary>Called on the sender's loop after each batch was written or failed (tests wait on it).</summary>
    internal Action<PeerStats>? AfterBatch { get; set; }

    public bool HasQueued => Volatile.Read(ref _queued) > 0;

    public PeerStats Stats => new(
        Peer,
        Volatile.Read(ref _connected) == 1,
        Interlocked.Read(ref _messagesSent),
        Interlocked.Read(ref _batchesSent),
        Interlocked.Read(ref _dropped),
        Interlocked.Read(ref _connects),
        Interlocked.Read(ref _failures));

    /// <summary>Queues a message for the next batch, or drops it (peer unreachable, queue full). Never blocks.</summary>
    public void Enqueue(ulong group, Message message)
    {
        if (_time.GetTimestamp() < Volatile.Read(ref _retryAt))
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        if (Interlocked.Increment(ref _queued) > _options.MaxQueuedMessages)
        {
            Interlocked.Decrement(ref _queued);
            Interlocked.Increment(ref _dropped);
            return;
        }

        _queue.Enqueue((group, message));
    }

    /// <summary>Sends what is queued (on the sender's own loop; returns at once).</summary>
    public void Flush()
    {
        if (Interlocked.Exchange(ref _signaled, 1) == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        EndCall();
        _channel.Dispose();
        _stopping.Dispose();
        _signal.Dispose();
    }

    private async Task LoopAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await _signal.WaitAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Volatile.Write(ref _signaled, 0);
            while (!token.IsCancellationRequested && TakeBatch() is { } batch)
            {
                if (_time.GetTimestamp() < Volatile.Read(ref _retryAt))
                {
                    Interlocked.Add(ref _dropped, batch.Messages.Count);
                    AfterBatch?.Invoke(Stats);
                    continue;
                }

                await SendAsync(batch, token).ConfigureAwait(false);
                AfterBatch?.Invoke(Stats);
            }
        }
    }

    /// <summary>Everything queued, up to <see cref="GrpcTransportOptions.MaxBatchBytes"/>, as one batch (null when nothing is queued).</summary>
    private RaftBatch? TakeBatch()
    {
        RaftBatch? batch = null;
        var bytes = 0;
        while (bytes < _options.MaxBatchBytes && _queue.TryDequeue(out var item))
        {
            Interlocked.Decrement(ref _queued);
            batch ??= new RaftBatch { FromNode = _self, ToNode = Peer };
            batch.Messages.Add(RaftWire.ToWire(item.Group, item.Message));
            bytes += 64 + item.Message.Data.Length;
            foreach (var entry in item.Message.Entries)
            {
                bytes += entry.Size;
            }
        }

        return batch;
    }

    private async Task SendAsync(RaftBatch batch, CancellationToken stopping)
    {
        try
        {
            if (_call is { } ended && ended.ResponseAsync.IsCompleted)
            {
                // The peer ended the call (it stopped, or it refused us): open a new one, backing off if it refused.
                var refused = ended.GetStatus().StatusCode is not (StatusCode.Unavailable or StatusCode.Cancelled or StatusCode.OK);
                EndCall();
                if (refused)
                {
                    throw new RpcException(ended.GetStatus());
                }
            }

            // The write timeout is armed before a new call starts connecting.
            if (_call is null)
            {
                _callCancel = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
                _callCancel.CancelAfter(_options.WriteTimeout);
                _call = _client.Stream(cancellationToken: _callCancel.Token);
                _callStarted = _time.GetTimestamp();
                Interlocked.Increment(ref _connects);
            }
            else
            {
                _callCancel!.CancelAfter(_options.WriteTimeout);
            }

            await _call.RequestStream.WriteAsync(batch, stopping).ConfigureAwait(false);
            _callCancel!.CancelAfter(Timeout.InfiniteTimeSpan);
            Interlocked.Add(ref _messagesSent, batch.Messages.Count);
            Interlocked.Increment(ref _batchesSent);
            if (Interlocked.Exchange(ref _connected, 1) == 0)
            {
                LogConnected(_logger, _self, Peer, Address);
            }

            if (_time.GetElapsedTime(_callStarted) > _options.MaxBackoff)
            {
                _backoff = TimeSpan.Zero;
            }
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            Interlocked.Add(ref _dropped, batch.Messages.Count);
            Interlocked.Increment(ref _failures);
            EndCall();
            _backoff = _backoff == TimeSpan.Zero ? _options.MinBackoff : TimeSpan.FromTicks(Math.Min(_options.MaxBackoff.Ticks, _backoff.Ticks * 2));
            Volatile.Write(ref _retryAt, _time.GetTimestamp() + (long)(_backoff.TotalSeconds * _time.TimestampFrequency));
            var reason = e is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : e.Message;
            if (Interlocked.Exchange(ref _connected, 0) == 1)
            {
                LogDisconnected(_logger, _self, Peer, Address, reason);
            }
            else
            {
                LogStillUnreachable(_logger, _self, Peer, Address, reason);
            }

            // What was queued behind the failed batch is as undeliverable.
            while (_queue.TryDequeue(out _))
            {
                Interlocked.Decrement(ref _queued);
                Interlocked.Increment(ref _dropped);
            }
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
            // The transport is being disposed: the call is ended there.
        }
    }

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private void EndCall()
    {
        if (_call is null)
        {
            return;
        }

        try
        {
            _callCancel?.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }

        _call.Dispose();
        _callCancel?.Dispose();
        _call = null;
        _callCancel = null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {Self}: connected to node {Peer} at {Address}")]
    private static partial void LogConnected(ILogger logger, ulong self, ulong peer, Uri address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Self}: lost node {Peer} at {Address} ({Reason}); dropping its messages and reconnecting")]
    private static partial void LogDisconnected(ILogger logger, ulong self, ulong peer, Uri address, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Node {Self}: node {Peer} at {Address} still unreachable: {Reason}")]
    private static partial void LogStillUnreachable(ILogger logger, ulong self, ulong peer, Uri address, string reason);
}
