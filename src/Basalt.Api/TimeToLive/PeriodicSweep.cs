namespace Basalt.Api.TimeToLive;

/// <summary>
/// Runs a piece of background work every interval (measured on the server's clock) until
/// disposed; a failed run is retried at the next interval. An infinite or zero interval runs
/// nothing (tests then call the work directly).
/// </summary>
public sealed class PeriodicSweep : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public PeriodicSweep(TimeSpan interval, TimeProvider clock, Func<CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        _loop = interval <= TimeSpan.Zero || interval == Timeout.InfiniteTimeSpan
            ? Task.CompletedTask
            : Task.Run(() => RunAsync(interval, clock, work, _stop.Token));
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static async Task RunAsync(TimeSpan interval, TimeProvider clock, Func<CancellationToken, Task> work, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(interval, clock, stop).ConfigureAwait(false);
            try
            {
                await work(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Background maintenance must outlive a failed pass; the next interval retries.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }
}
