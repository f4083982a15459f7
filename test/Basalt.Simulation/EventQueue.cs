namespace Basalt.Simulation;

/// <summary>Virtual-time event queue: earliest first, ties broken by insertion order.</summary>
internal sealed class EventQueue
{
    private readonly PriorityQueue<Action, (long Time, long Seq)> queue = new();
    private long seq;

    public long Now { get; private set; }

    public int Count => queue.Count;

    /// <summary>Runs <paramref name="action"/> <paramref name="delay"/> microseconds from now.</summary>
    public void After(long delay, Action action) => queue.Enqueue(action, (Now + Math.Max(0, delay), seq++));

    public bool TryRunNext()
    {
        if (!queue.TryDequeue(out var action, out var at))
        {
            return false;
        }

        Now = at.Time;
        action();
        return true;
    }
}
