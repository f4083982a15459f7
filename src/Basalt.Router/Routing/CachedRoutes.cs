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
    /// Ranges only ever split, so a newer entry's range never loses to an older one's.
    /// </summary>
    public CachedRoutes? With(PartitionInfo partition, bool replaceEqual)
    {
        var kept = new List<PartitionInfo>(Partitions.Length + 1);
        foreach (var p in Partitions)
        {
            if (!p.Range.Overlaps(partition.Range))
            {
                kept.Add(p);
            }
            else if (p.Version > partition.Version || (p.Version == partition.Version && !replaceEqual))
            {
                return null;
            }
        }

        var at = kept.FindIndex(p => p.Range.Lo > partition.Range.Lo);
        kept.Insert(at < 0 ? kept.Count : at, partition);
        return new CachedRoutes([.. kept]);
    }

    /// <summary>These routes without the entry of <paramref name="groupId"/>.</summary>
    public CachedRoutes Without(ulong groupId) => new([.. Partitions.Where(p => p.GroupId != groupId)]);

    /// <summary>The cached entry of <paramref name="groupId"/>.</summary>
    public PartitionInfo? OfGroup(ulong groupId) => Array.Find(Partitions, p => p.GroupId == groupId);
}
