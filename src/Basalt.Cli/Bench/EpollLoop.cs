using System.Diagnostics;

namespace Basalt.Cli.Bench;

/// <summary>
/// One event-loop thread of the epoll transport: owns an epoll instance and its share of the
/// connections, and drives them until every one has finished its last request of the window (or,
/// past <paramref name="drainDeadline"/>, abandons those still waiting for a response).
/// </summary>
internal sealed class EpollLoop(IReadOnlyList<EpollConnection> connections, long drainDeadline)
{
    private const int MaxWaitMs = 100;

    /// <summary>Runs the loop on a new thread; the task completes when it ends.</summary>
    public Task StartThread(string name)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Run();
                done.SetResult();
            }
#pragma warning disable CA1031 // The loop's failure goes to whoever awaits it.
            catch (Exception error)
#pragma warning restore CA1031
            {
                done.SetException(error);
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return done.Task;
    }

    /// <summary>Runs the loop on the calling thread.</summary>
    public void Run()
    {
        using var epoll = new Epoll();
        var now = Stopwatch.GetTimestamp();
        for (var i = 0; i < connections.Count; i++)
        {
            connections[i].Start(epoll, (ulong)i, now);
        }

        while (true)
        {
            now = Stopwatch.GetTimestamp();
            var running = 0;
            var nextRetry = long.MaxValue;
            foreach (var connection in connections)
            {
                if (connection.IsRetrying && connection.RetryAt <= now)
                {
                    connection.OnRetryDue(now);
                }

                if (connection.IsRetrying)
                {
                    nextRetry = Math.Min(nextRetry, connection.RetryAt);
                }

                running += connection.IsDone ? 0 : 1;
            }

            if (running == 0)
            {
                return;
            }

            if (now >= drainDeadline)
            {
                foreach (var connection in connections)
                {
                    connection.Abandon();
                }

                return;
            }

            var wake = Math.Min(nextRetry, drainDeadline);
            var timeout = (int)Math.Clamp((wake - now) * 1000 / Stopwatch.Frequency + 1, 0, MaxWaitMs);
            var ready = epoll.Wait(timeout);
            for (var i = 0; i < ready; i++)
            {
                var (events, token) = epoll[i];
                connections[(int)token].OnEvents(events);
            }
        }
    }
}
