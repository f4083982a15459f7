using System.Diagnostics;

namespace Basalt.Cli.Cluster;

/// <summary>A process that exited or stayed silent instead of printing its readiness line.</summary>
internal sealed class ProcessStartException(string message) : Exception(message);

/// <summary>Starts one cluster process from its recorded command line and waits for its readiness line.</summary>
internal static class ProcessLauncher
{
    /// <summary>
    /// Starts <paramref name="process"/> (recording its pid and start time on it) and returns its
    /// readiness line once the log shows it; throws <see cref="ProcessStartException"/> with the
    /// log's tail when it exits first or <paramref name="timeout"/> passes (and then kills it).
    /// The returned <see cref="Process"/> is the child handle (keep it so its exit is reaped).
    /// </summary>
    public static async Task<(string Line, Process Handle)> StartAsync(ClusterProcess process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (process.DataDirectory is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        var watch = new ReadinessWatch(process.Log, ReadinessWatch.EndOf(process.Log));
        var (handle, startTime) = OsProcesses.Start(process.Command, process.Log);
        process.Pid = handle.Id;
        process.StartTime = startTime;
        process.State = ProcessStates.Running;
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (watch.Poll(process.Readiness) is { } line)
            {
                return (line, handle);
            }

            if (handle.HasExited)
            {
                // It may have printed the line just before exiting.
                if (watch.Poll(process.Readiness) is { } last)
                {
                    return (last, handle);
                }

                process.State = ProcessStates.Failed;
                throw new ProcessStartException($"{process.Name} exited with code {handle.ExitCode} before it was ready; {process.Log}:\n{watch.Tail()}");
            }

            if (DateTime.UtcNow >= deadline)
            {
                OsProcesses.Signal(process.Pid, process.StartTime, OsProcesses.SigKill);
                process.State = ProcessStates.Failed;
                throw new ProcessStartException($"{process.Name} printed no readiness line (\"{process.Readiness}...\") within {timeout.TotalSeconds:0} s; {process.Log}:\n{watch.Tail()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false); // process-level poll, bounded by the deadline
        }
    }

    /// <summary>
    /// SIGTERM to every live process of <paramref name="processes"/> (routers first, meta last),
    /// then waits up to <paramref name="grace"/> and SIGKILLs what is left. Records each as stopped.
    /// Returns the names that had to be killed.
    /// </summary>
    public static async Task<IReadOnlyList<string>> StopAsync(IReadOnlyList<ClusterProcess> processes, TimeSpan grace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(processes);
        var live = processes
            .Where(p => OsProcesses.IsAlive(p.Pid, p.StartTime))
            .OrderByDescending(p => IndexOfRole(p.Role))
            .ToList();
        foreach (var process in live)
        {
            OsProcesses.Signal(process.Pid, process.StartTime, OsProcesses.SigTerm);
        }

        var left = await OsProcesses.WaitForExitAsync([.. live.Select(p => (p.Pid, p.StartTime))], grace, cancellationToken).ConfigureAwait(false);
        var killed = new List<string>();
        foreach (var process in live.Where(p => left.Contains((p.Pid, p.StartTime))))
        {
            OsProcesses.Signal(process.Pid, process.StartTime, OsProcesses.SigKill);
            killed.Add(process.Name);
        }

        await OsProcesses.WaitForExitAsync([.. left], TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        foreach (var process in processes.Where(p => p.State == ProcessStates.Running))
        {
            process.State = ProcessStates.Stopped;
        }

        return killed;
    }

    private static int IndexOfRole(string role)
    {
        for (var i = 0; i < ClusterRoles.StartOrder.Count; i++)
        {
            if (ClusterRoles.StartOrder[i] == role)
            {
                return i;
            }
        }

        return ClusterRoles.StartOrder.Count;
    }
}
