using Basalt.Metadata.Model;

namespace Basalt.Router.Routing;

/// <summary>
/// The partitions of one table a router has learned, ordered by range start, not necessarily
/// contiguous. Immutable: an update builds a new instance.
/// </summary>
internal sealed class CachedRoutes
{
    public static CachedRoutes Empty { get; } = new([]);

    public CachedRoutes(PartitionInfo[] partitions) => Partitions = partitions;

    public PartitionInfo[] Partitions { get; }

    /// <summary>The cached partition whose range holds <paramref name="hash"/>.</summary>
    public PartitionInfo? Find(ulong hash)
    {
        var parts = Partitions;
        int lo = 0, hi = parts.Length - 1;
        while (lo <= hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            var range = parts[mid].Range;
            if (hash < range.Lo)
            {
                hi = mid - 1;
            }
            else if (hash > range.Last)
            {
                lo = mid + 1;
            }
            else
            {
                return parts[mid];
            }
        }

        return null;
    }

    /// <summary>
    /// These routes with <paramref name="partition"/> in place of the entries it overlaps, or null
    /// when an overlapping entry is newer (or, unless <paramref name="replaceEqual"/>, as new).
    /// Ranges only ever split, so a newer entry's range never loses to an older one's. Declining
    /// allocates nothing (the common case: a hit's lookup confirming what the cache holds).
    /// </summary>
    public CachedRoutes? With(PartitionInfo partition, bool replaceEqual)
    {
        var parts = Partitions;
        var first = FirstEndingAtOrAfter(partition.Range.Lo);
        var end = first;
        while (end < parts.Length && parts[end].Range.Lo <= partition.Range.Last)
        {
            var p = parts[end];
            if (p.Version > partition.Version || (p.Version == partition.Version && !replaceEqual))
            {
                return null;
            }

            end++;
        }

        // parts[first..end) overlap the new entry, which takes their place.
        var updated = new PartitionInfo[parts.Length - (end - first) + 1];
        Array.Copy(parts, updated, first);
        updated[first] = partition;
        Array.Copy(parts, end, updated, first + 1, parts.Length - end);
        return new CachedRoutes(updated);
    }

    /// <summary>Index of the first entry whose range ends at or after <paramref name="hash"/> (Length when none).</summary>
    private int FirstEndingAtOrAfter(ulong hash)
    {
        var parts = Partitions;
        int lo = 0, hi = parts.Length;
        while (lo < hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            if (parts[mid].Range.Last < hash)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>These routes without the entry of <paramref name="groupId"/>.</summary>
    public CachedRoutes Without(ulong groupId) => new([.. Partitions.Where(p => p.GroupId != groupId)]);

    /// <summary>The cached entry of <paramref name="groupId"/>.</summary>
    public PartitionInfo? OfGroup(ulong groupId) => Array.Find(Partitions, p => p.GroupId == groupId);
}
