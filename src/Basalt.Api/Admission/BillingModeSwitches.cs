using System.Collections.Concurrent;

namespace Basalt.Api.Admission;

/// <summary>
/// When each table was last switched from provisioned to on-demand, for DynamoDB's limit of four
/// such switches in a rolling 24 hours. Kept in memory, by table UUID (unique per table ever
/// created): after a restart the count starts again, which errs on the lenient side.
/// </summary>
public static class BillingModeSwitches
{
    public const int MaxSwitchesToOnDemand = 4;

    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    private static readonly ConcurrentDictionary<string, List<DateTimeOffset>> Switches = new(StringComparer.Ordinal);

    /// <summary>Switches to on-demand within the 24 hours before <paramref name="now"/>, oldest first.</summary>
    public static IReadOnlyList<DateTimeOffset> Recent(string tableUuid, DateTimeOffset now)
    {
        if (!Switches.TryGetValue(tableUuid, out var times))
        {
            return [];
        }

        lock (times)
        {
            times.RemoveAll(t => t <= now - Window);
            return [.. times];
        }
    }

    public static void Record(string tableUuid, DateTimeOffset now)
    {
        var times = Switches.GetOrAdd(tableUuid, static _ => []);
        lock (times)
        {
            times.Add(now);
        }
    }
}
