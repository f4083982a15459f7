namespace Basalt.Api.Tests.Replicas;

/// <summary>A count of acknowledged writes that tests can await reaching a value (no timers: writers signal it).</summary>
internal sealed class AcknowledgedCount
{
    private readonly Lock _lock = new();
    private readonly List<(long Target, TaskCompletionSource Reached)> _waiters = [];
    private long _value;

    public long Value => Interlocked.Read(ref _value);

    public void Increment()
    {
        var value = Interlocked.Increment(ref _value);
        lock (_lock)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Target <= value)
                {
                    _waiters[i].Reached.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>Completes once the count is at least <paramref name="target"/>.</summary>
    public Task AtLeastAsync(long target)
    {
        lock (_lock)
        {
            if (Value >= target)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((target, reached));
            return reached.Task;
        }
    }
}
