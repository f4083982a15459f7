using System.Text.Json;
using Basalt.Api.Items;

namespace Basalt.Api.Forwarding;

/// <summary>One page of a fanned-out global index Query or Scan, merged from every partition's share.</summary>
public sealed class MergedPage
{
    public List<SharedEntry> Kept { get; } = [];

    public int Count { get; set; }

    public JsonElement? LastEvaluatedKey { get; set; }

    public long BytesRead { get; set; }
}

/// <summary>
/// Merges the shares of a global index read. Each partition's share is a prefix, in index order, of
/// that partition's entries after the ExclusiveStartKey; the entries every share has delivered
/// are those up to the earliest point where a share stopped early (its last entry). The page is
/// the entries up to that point in index order (storage-key order: index key, then base key),
/// cut at the Limit and at 1 MB read, and its LastEvaluatedKey is the last entry kept, so
/// resuming from it in every partition skips nothing and repeats nothing.
/// </summary>
public static class ShareMerge
{
    public static MergedPage Merge(IReadOnlyList<SharePage> shares, int? limit, bool reverse)
    {
        ArgumentNullException.ThrowIfNull(shares);
        var sign = reverse ? -1 : 1;
        byte[]? cut = null;
        foreach (var share in shares)
        {
            if (share.LastEvaluatedKey is not null && share.Entries.Count != 0)
            {
                var last = share.Entries[^1].Key;
                if (cut is null || sign * last.AsSpan().SequenceCompareTo(cut) < 0)
                {
                    cut = last;
                }
            }
        }

        var all = shares.SelectMany(s => s.Entries).ToList();
        all.Sort((a, b) => sign * a.Key.AsSpan().SequenceCompareTo(b.Key));
        var page = new MergedPage { BytesRead = shares.Sum(s => s.BytesRead) };
        long bytes = 0;
        var stoppedEarly = cut is not null;
        foreach (var entry in all)
        {
            if (cut is not null && sign * entry.Key.AsSpan().SequenceCompareTo(cut) > 0)
            {
                break;
            }

            if (page.Kept.Count == limit || bytes >= PageReader.MaxPageBytes)
            {
                stoppedEarly = true;
                break;
            }

            page.Kept.Add(entry);
            bytes += entry.Bytes;
            page.Count += entry.Matched ? 1 : 0;
        }

        if (page.Kept.Count != 0 && (stoppedEarly || page.Kept.Count == limit || bytes >= PageReader.MaxPageBytes))
        {
            page.LastEvaluatedKey = page.Kept[^1].LastKey;
        }

        return page;
    }
}
