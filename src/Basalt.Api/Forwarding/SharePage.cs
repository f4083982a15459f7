using System.Text.Json;

namespace Basalt.Api.Forwarding;

/// <summary>One entry a share evaluated: storage key (the merge order), key map, whether the filter kept it, bytes read, and its item when kept.</summary>
public sealed record SharedEntry(byte[] Key, JsonElement LastKey, bool Matched, long Bytes)
{
    public JsonElement? Item { get; init; }
}

/// <summary>A node's answer to one partition share of a Scan or Query, with its report (<see cref="ShareScope"/>).</summary>
public sealed class SharePage
{
    public List<JsonElement> Items { get; } = [];

    public int Count { get; init; }

    public int ScannedCount { get; init; }

    /// <summary>Where the share stopped before the partition's end, or null when it read to the end.</summary>
    public JsonElement? LastEvaluatedKey { get; init; }

    public long BytesRead { get; init; }

    /// <summary>The key of the last entry evaluated (even when the share read to the end).</summary>
    public JsonElement? LastKey { get; init; }

    /// <summary>Every entry evaluated, in read order (global index shares), each matched one with its item.</summary>
    public List<SharedEntry> Entries { get; } = [];

    /// <summary>Reads a share's response (the document must outlive the page: elements are not copied).</summary>
    public static SharePage Parse(JsonElement root)
    {
        var report = root.GetProperty(ShareScope.ReportMember);
        var page = new SharePage
        {
            Count = root.GetProperty("Count").GetInt32(),
            ScannedCount = root.GetProperty("ScannedCount").GetInt32(),
            LastEvaluatedKey = root.TryGetProperty("LastEvaluatedKey", out var lek) ? lek : null,
            BytesRead = report.GetProperty("BytesRead").GetInt64(),
            LastKey = report.TryGetProperty("LastKey", out var last) ? last : null,
        };
        if (root.TryGetProperty("Items", out var items))
        {
            page.Items.AddRange(items.EnumerateArray());
        }

        if (report.TryGetProperty("Entries", out var entries))
        {
            var matched = 0;
            foreach (var e in entries.EnumerateArray())
            {
                var isMatched = e.GetProperty("M").GetBoolean();
                page.Entries.Add(new SharedEntry(e.GetProperty("K").GetBytesFromBase64(), e.GetProperty("L"), isMatched, e.GetProperty("S").GetInt64())
                {
                    Item = isMatched && matched < page.Items.Count ? page.Items[matched] : null,
                });
                matched += isMatched ? 1 : 0;
            }
        }

        return page;
    }
}
