namespace Basalt.Simulation.ClusterMode;

/// <summary>
/// Virtual time for the real router code (<c>Forwarder</c> backoffs, <c>NodeDirectory</c> suspects):
/// the clock reads the event queue, and a timer's callback is an event of the queue, run on the
/// simulator's thread — so <c>Task.Delay(wait, time)</c> completes inside a queue event and whatever
/// awaited it with <c>ConfigureAwait(false)</c> runs right there (the callback runs with no
/// synchronization context, see <c>PartitionSimulation.Inline</c>), in seeded order.
/// </summary>
internal sealed class SimTimeProvider(EventQueue queue, Action<Action> inline) : TimeProvider
{
    private static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Epoch.AddTicks(queue.Now * 10);

    public override long TimestampFrequency => 1_000_000;

    public override long GetTimestamp() => queue.Now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SimTimer(queue, inline, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class SimTimer(EventQueue queue, Action<Action> inline, TimerCallback callback, object? state) : ITimer
    {
        private int generation;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var current = ++generation;
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return true;
            }

            Schedule(current, Micros(dueTime), period);
            return true;
        }

        public void Dispose() => generation++;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Schedule(int current, long delay, TimeSpan period) =>
            queue.After(delay, () =>
            {
                if (current != generation)
                {
                    return;
                }

                inline(() => callback(state));
                if (period != Timeout.InfiniteTimeSpan && period > TimeSpan.Zero && current == generation)
                {
                    Schedule(current, Micros(period), period);
                }
            });

        private static long Micros(TimeSpan span) => Math.Max(0, span.Ticks / 10);
    }
}
