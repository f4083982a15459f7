using Basalt.Model;
using Basalt.Model.Expressions;
using Basalt.Storage;

namespace Basalt.Api.Items;

/// <summary>One page of a Query or Scan: what was read, what matched, and where to continue.</summary>
public sealed class Page
{
    public List<Item> Items { get; } = [];

    /// <summary>Items kept in their stored encoding (a page read without filter or projection).</summary>
    public List<byte[]> EncodedItems { get; } = [];

    public int Count { get; set; }

    public int ScannedCount { get; set; }

    public long BytesRead { get; set; }

    public Item? LastEvaluatedKey { get; set; }
}

/// <summary>
/// Reads one page of items from a key range of a read view (storage caught up as the read requires) the way Query and Scan do: Limit counts items
/// evaluated (before the filter), a page stops once 1 MB has been read, the filter runs after
/// the read (so filtered items still cost capacity), and the projection last.
/// </summary>
public static class PageReader
{
    public const long MaxPageBytes = 1024 * 1024;

    public static Page Read(
        IStorageEngine view,
        ReadTarget target,
        byte[] lower,
        byte[] upper,
        bool reverse,
        int? limit,
        ConditionNode? filter,
        IReadOnlyList<DocumentPath>? projection,
        bool countOnly,
        PageShare? share = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(target);
        var page = new Page();
        // Items are decoded only when something must look inside them; otherwise their stored
        // encoding is measured and later written out as is.
        var decode = filter is not null || (!countOnly && (projection is not null || target.FetchFromTable));
        using var cursor = view.OpenCursor(ColumnFamily.Data, lower, upper, reverse);
        while (cursor.MoveNext())
        {
            if (share?.Includes is { } includes && !includes(cursor.Key))
            {
                continue;
            }

            page.ScannedCount++;
            var bytesBefore = page.BytesRead;
            Item? item = null;
            if (decode)
            {
                var entry = ItemCodec.Decode(cursor.Value, out _);
                item = entry;
                page.BytesRead += ItemSize.Of(entry);
                if (target.FetchFromTable && view.Get(ColumnFamily.Data, ItemKeys.FromKey(target.Table, ItemKeys.KeyOf(target.Table, entry))) is { } stored
                    && ItemCodec.Decode(stored, out _) is var full)
                {
                    item = full;
                    page.BytesRead += ItemSize.Of(full);
                }
            }
            else
            {
                page.BytesRead += EncodedItemJson.Size(cursor.Value);
            }

            var matched = filter is null || ConditionEvaluator.Evaluate(filter, item);
            share?.Record(cursor.Key, cursor.Value, item, target, matched, page.BytesRead - bytesBefore);
            if (matched)
            {
                page.Count++;
                if (!countOnly && item is null)
                {
                    page.EncodedItems.Add(cursor.Value.ToArray());
                }
                else if (!countOnly)
                {
                    page.Items.Add(projection is null ? item! : Projection.Apply(item!, projection));
                }
            }

            if (page.ScannedCount == limit || page.BytesRead >= MaxPageBytes)
            {
                page.LastEvaluatedKey = target.LastKeyOf(item ?? ItemCodec.Decode(cursor.Value, out _));
                break;
            }
        }

        share?.Finish(target);
        return page;
    }
}
