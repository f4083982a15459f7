namespace Basalt.Simulation.Cluster;

/// <summary>
/// The simulated network between endpoints (node ids, and client endpoints): it delays, drops,
/// duplicates and reorders, and blocks links one way or both (partitions between nodes).
/// </summary>
internal sealed class Network(EventQueue queue, SimRandom random, FaultProfile profile)
{
    private readonly HashSet<(ulong From, ulong To)> blocked = [];

    public int Blocked => blocked.Count;

    /// <summary>Schedules <paramref name="deliver"/> after a random delay, unless the message is lost.</summary>
    public void Send(ulong from, ulong to, Action deliver)
    {
        if (blocked.Contains((from, to)) || random.Chance(profile.DropRate))
        {
            return;
        }

        queue.After(Delay(), deliver);
        if (random.Chance(profile.DuplicateRate))
        {
            queue.After(Delay(), deliver);
        }
    }

    /// <summary>Whether a message sent now would be blocked (checked again at delivery: partitions cut in-flight traffic).</summary>
    public bool IsBlocked(ulong from, ulong to) => blocked.Contains((from, to));

    public void BlockOneWay(ulong from, ulong to) => blocked.Add((from, to));

    public void Partition(IReadOnlyCollection<ulong> side, IReadOnlyCollection<ulong> other)
    {
        foreach (var a in side)
        {
            foreach (var b in other)
            {
                blocked.Add((a, b));
                blocked.Add((b, a));
            }
        }
    }

    public void HealAll() => blocked.Clear();

    private long Delay()
    {
        var delay = profile.BaseDelayMicros + random.NextLong(0, profile.JitterMicros);
        if (random.Chance(profile.SlowRate))
        {
            delay += random.NextLong(20_000, 400_000);
        }

        return delay;
    }
}
