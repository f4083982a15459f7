using System.Runtime.InteropServices;

namespace Basalt.Cli;

/// <summary>
/// SIGINT and SIGTERM (and the command's own cancellation) as one token: a long-running command
/// (serve, node, meta, memds, router, cluster up) stops cleanly when it fires instead of being
/// terminated by the runtime.
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration _sigint;
    private readonly PosixSignalRegistration _sigterm;

    public StopSignal(CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    public CancellationToken Token => _stop.Token;

    public bool IsCancellationRequested => _stop.IsCancellationRequested;

    /// <summary>
    /// Waits until a signal arrives or <paramref name="completion"/> ends; true when it ended on its
    /// own first (the process failed, nobody asked it to stop).
    /// </summary>
    public async Task<bool> EndedFirstAsync(Task completion)
    {
        ArgumentNullException.ThrowIfNull(completion);
        await Task.WhenAny(completion, Task.Delay(Timeout.Infinite, Token)).ConfigureAwait(false);
        return completion.IsCompleted && !IsCancellationRequested;
    }

    public void Dispose()
    {
        _sigint.Dispose();
        _sigterm.Dispose();
        _stop.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _stop.Cancel();
    }
}
