using Basalt.Metadata.Events;

namespace Basalt.Metadata.Group;

/// <summary>
/// The most recent map events, by version, for change-stream readers (MemDS). Holds up to
/// <see cref="Capacity"/> events; a reader further behind is told to resync from a snapshot. Not
/// thread-safe: its owner serialises access.
/// </summary>
internal sealed class MapChangeFeed
{
    private readonly MapEvent[] ring;
    private int count;
    private int head;

    public MapChangeFeed(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ring = new MapEvent[capacity];
    }

    public int Capacity => ring.Length;

    /// <summary>The version of the newest event (or the version the feed was reset to).</summary>
    public ulong LatestVersion { get; private set; }

    /// <summary>Adds the next event; its version must follow <see cref="LatestVersion"/>.</summary>
    public void Append(MapEvent e)
    {
        if (e.Version != LatestVersion + 1)
        {
            throw new InvalidOperationException($"Event version {e.Version} does not follow {LatestVersion}.");
        }

        ring[(head + count) % ring.Length] = e;
        if (count == ring.Length)
        {
            head = (head + 1) % ring.Length;
        }
        else
        {
            count++;
        }

        LatestVersion = e.Version;
    }

    /// <summary>Forgets every event: the map jumped to <paramref name="version"/> (a snapshot was installed).</summary>
    public void Reset(ulong version)
    {
        Array.Clear(ring);
        head = 0;
        count = 0;
        LatestVersion = version;
    }

    /// <summary>Up to <paramref name="max"/> events after <paramref name="afterVersion"/>; Truncated when some are no longer held.</summary>
    public MapChangeBatch Read(ulong afterVersion, int max)
    {
        if (afterVersion >= LatestVersion)
        {
            return new MapChangeBatch(false, [], LatestVersion);
        }

        var oldest = LatestVersion - (ulong)count + 1;
        if (afterVersion + 1 < oldest)
        {
            return new MapChangeBatch(true, [], LatestVersion);
        }

        var skip = (int)(afterVersion + 1 - oldest);
        var take = Math.Min(max, count - skip);
        var events = new MapEvent[take];
        for (var i = 0; i < take; i++)
        {
            events[i] = ring[(head + skip + i) % ring.Length];
        }

        return new MapChangeBatch(false, events, LatestVersion);
    }
}
