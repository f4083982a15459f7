using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Basalt.Node;

/// <summary>
/// Drives a <see cref="StorageNode"/> in a server: a timer ticks it every <see cref="NodeOptions.TickInterval"/>
/// and one loop runs processing rounds whenever it has work. Disposing stops the node.
/// </summary>
public sealed partial class NodeRunner : IAsyncDisposable
{
    private readonly StorageNode _node;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ITimer _timer;
    private readonly Task _loop;
    private int _signaled;

    public NodeRunner(StorageNode node, TimeProvider time, NodeOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        _node = node;
        _logger = logger ?? NullLogger.Instance;
        node.Wake = Signal;
        _loop = Task.Run(LoopAsync);
        _timer = time.CreateTimer(static state => ((StorageNode)state!).Tick(), node, options.TickInterval, options.TickInterval);
    }

    public StorageNode Node => _node;

    /// <summary>Completes when the processing loop ends (after disposal, or when storage failed and the node stopped).</summary>
    public Task Completion => _loop;

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync().ConfigureAwait(false);
        _node.Stop();
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
        _signal.Dispose();
    }

    private void Signal()
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
            try
            {
                while (await _node.ProcessAsync().ConfigureAwait(false))
                {
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A storage failure: stop serving rather than acknowledge anything not durable.
                LogNodeFailed(_logger, e, _node.Id);
                _node.Stop();
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Storage node {NodeId} failed and stopped")]
    private static partial void LogNodeFailed(ILogger logger, Exception exception, ulong nodeId);
}
