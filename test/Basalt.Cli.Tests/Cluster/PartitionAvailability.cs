using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Basalt.Cli.Tests.Cluster;

/// <summary>
/// When operations on each partition's keys succeeded, to report each partition's unavailability
/// window: the longest gap between two successful operations on its keys (reads or writes).
/// </summary>
internal sealed class PartitionAvailability(IReadOnlyList<ulong> partitions)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<ulong, ConcurrentQueue<TimeSpan>> _successes = partitions.ToDictionary(p => p, _ => new ConcurrentQueue<TimeSpan>());

    public TimeSpan Now => _clock.Elapsed;

    public void Succeeded(ulong partition) => _successes[partition].Enqueue(_clock.Elapsed);

    /// <summary>Successes of <paramref name="partition"/> after <paramref name="moment"/>.</summary>
    public int SuccessesAfter(ulong partition, TimeSpan moment) => _successes[partition].Count(t => t > moment);

    /// <summary>The longest gap between successes (from <paramref name="from"/> to <paramref name="to"/>, both counted as ends).</summary>
    public TimeSpan LongestGap(ulong partition, TimeSpan from, TimeSpan to)
    {
        var times = _successes[partition].Where(t => t >= from && t <= to).Order().Prepend(from).Append(to).ToList();
        return times.Zip(times.Skip(1), (a, b) => b - a).Max();
    }

    /// <summary>One line per partition: the longest gap in the whole run and the one around <paramref name="kill"/>.</summary>
    public IEnumerable<string> Report(TimeSpan start, TimeSpan kill, TimeSpan end, Func<ulong, string> describe) =>
        _successes.Keys.Order().Select(partition =>
        {
            var times = _successes[partition].Order().ToList();
            var before = times.LastOrDefault(t => t <= kill, start);
            var after = times.FirstOrDefault(t => t > kill, end);
            return string.Create(
                CultureInfo.InvariantCulture,
                $"partition {partition} ({describe(partition)}): {times.Count} successes; longest gap {LongestGap(partition, start, end).TotalMilliseconds:0} ms; around the kill {(after - before).TotalMilliseconds:0} ms (first success {(after - kill).TotalMilliseconds:0} ms after it)");
        });
}
