using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Basalt.Cli.Cluster;

/// <summary>
/// The OS side of cluster processes (Linux): start one detached from our pipes with its output
/// appended to its log file, tell whether a recorded pid is still that process, signal it.
/// </summary>
internal static class OsProcesses
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>
    /// Starts <paramref name="command"/> with stdin from /dev/null and stdout+stderr appended to
    /// <paramref name="log"/> (through <c>sh -c 'exec ...'</c>, so the pid is the command's own and
    /// it outlives the command that started it). Returns the process and its start time.
    /// </summary>
    public static (Process Process, long StartTime) Start(IReadOnlyList<string> command, string log)
    {
        ArgumentNullException.ThrowIfNull(command);
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("log=$1; shift; exec \"$@\" </dev/null >>\"$log\" 2>&1");
        start.ArgumentList.Add("basalt-cluster");
        start.ArgumentList.Add(log);
        foreach (var argument in command)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command[0]}");
        return (process, StartTimeOf(process.Id) ?? 0);
    }

    /// <summary>Whether <paramref name="pid"/> runs (not a zombie) and, when <paramref name="startTime"/> is known, is the process started then.</summary>
    public static bool IsAlive(int pid, long startTime)
    {
        if (pid <= 0 || !TryReadStat(pid, out var state, out var started))
        {
            return false;
        }

        return state is not ('Z' or 'X' or 'x') && (startTime == 0 || started == startTime);
    }

    /// <summary>The start time of <paramref name="pid"/> in clock ticks since boot, null when it is gone.</summary>
    public static long? StartTimeOf(int pid) => TryReadStat(pid, out _, out var started) ? started : null;

    /// <summary>Sends <paramref name="signal"/> to the process if it is still the one recorded; false when it was already gone.</summary>
    public static bool Signal(int pid, long startTime, int signal)
    {
        if (!IsAlive(pid, startTime))
        {
            return false;
        }

        return NativeMethods.kill(pid, signal) == 0;
    }

    /// <summary>Polls until every process is gone or the deadline passes; the ones still alive.</summary>
    public static async Task<IReadOnlyList<(int Pid, long StartTime)>> WaitForExitAsync(
        IReadOnlyList<(int Pid, long StartTime)> processes, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(processes);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var alive = processes.Where(p => IsAlive(p.Pid, p.StartTime)).ToList();
            if (alive.Count == 0 || DateTime.UtcNow >= deadline)
            {
                return alive;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false); // process-level poll, bounded by the deadline
        }
    }

    /// <summary>Reads state (field 3) and starttime (field 22) of /proc/PID/stat.</summary>
    private static bool TryReadStat(int pid, out char state, out long startTime)
    {
        state = '?';
        startTime = 0;
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        // "pid (comm) S ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
        var fields = text[(text.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 20 || fields[0].Length != 1)
        {
            return false;
        }

        state = fields[0][0];
        return long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out startTime);
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int kill(int pid, int sig);
    }
}
