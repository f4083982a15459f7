namespace Basalt.Node.Transport;

/// <summary>How a <see cref="GrpcNodeTransport"/> batches, bounds and reconnects.</summary>
public sealed class GrpcTransportOptions
{
    /// <summary>Wait before the first reconnection attempt after a failure; doubled on every failure in a row.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest wait between reconnection attempts.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages queued for one peer beyond which new ones are dropped (Raft retransmits).</summary>
    public int MaxQueuedMessages { get; init; } = 16_384;

    /// <summary>Approximate bytes per batch; a flush with more queued sends several batches.</summary>
    public int MaxBatchBytes { get; init; } = 1024 * 1024;

    /// <summary>A batch not handed to the connection within this time breaks the call (a stalled peer).</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Time allowed to open a TCP connection to a peer.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>HTTP/2 ping interval on an idle connection, and the time a ping may go unanswered before the connection is closed.</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest protobuf message (one batch) a node accepts.</summary>
    public int MaxMessageBytes { get; init; } = 64 * 1024 * 1024;
}
