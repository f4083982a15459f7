using System.Diagnostics;
using System.Globalization;

namespace Basalt.Cli.Bench;

/// <summary>CPU time consumed by this process, or by another one (Linux /proc), for CPU-share reporting.</summary>
internal static class CpuUsage
{
    /// <summary>Linux reports /proc/PID/stat times in clock ticks of USER_HZ, 100 on every mainstream kernel.</summary>
    private const double ClockTicksPerSecond = 100;

    public static TimeSpan Self()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>User plus system CPU time of process <paramref name="pid"/> and its reaped children; null if unknown.</summary>
    public static TimeSpan? OfProcess(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            // Fields after the command name, which is in parentheses and may contain spaces.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // fields[0] is field 3 (state): utime is field 14, stime 15.
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
