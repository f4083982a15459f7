using Basalt.Model;
using Basalt.Model.Expressions;

namespace Basalt.Api.Items;

/// <summary>One page of a Query or Scan: what was read, what matched, and where to continue.</summary>
public sealed class Page
{
    public List<Item> Items { get; } = [];

    public int Count { get; set; }

    public int ScannedCount { get; set; }

    public long BytesRead { get; set; }

    public Item? LastEvaluatedKey { get; set; }
}

/// <summary>
/// Reads one page of items from a key range the way Query and Scan do: Limit counts items
/// evaluated (before the filter), a page stops once 1 MB has been read, the filter runs after
/// the read (so filtered items still cost capacity), and the projection last.
/// </summary>
public static class PageReader
{
    public const long MaxPageBytes = 1024 * 1024;

    public static Page Read(
        ItemStore items,
        ReadTarget target,
        byte[] lower,
        byte[] upper,
        bool reverse,
        int? limit,
        ConditionNode? filter,
        IReadOnlyList<DocumentPath>? projection,
        bool countOnly)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(target);
        var page = new Page();
        using var cursor = items.OpenCursor(lower, upper, reverse);
        while (cursor.MoveNext())
        {
            var entry = ItemCodec.Decode(cursor.Value, out _);
            var item = entry;
            page.ScannedCount++;
            page.BytesRead += ItemSize.Of(entry);
            if (target.FetchFromTable && items.Read(ItemKeys.FromKey(target.Table, ItemKeys.KeyOf(target.Table, entry))) is { } full)
            {
                item = full;
                page.BytesRead += ItemSize.Of(full);
            }

            if (filter is null || ConditionEvaluator.Evaluate(filter, item))
            {
                page.Count++;
                if (!countOnly)
                {
                    page.Items.Add(projection is null ? item : Projection.Apply(item, projection));
                }
            }

            if (page.ScannedCount == limit || page.BytesRead >= MaxPageBytes)
            {
                page.LastEvaluatedKey = target.LastKeyOf(entry);
                break;
            }
        }

        return page;
    }
}
