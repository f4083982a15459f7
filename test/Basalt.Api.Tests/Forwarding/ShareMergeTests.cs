using System.Text.Json;
using Basalt.Api.Forwarding;
using Basalt.Api.Items;
using CsCheck;

namespace Basalt.Api.Tests.Forwarding;

/// <summary>
/// The merge of global index shares on synthetic partitions, with shares that stop at the Limit or
/// at 1 MB read as a node's page reader does: paging returns every entry exactly once, in order.
/// </summary>
public sealed class ShareMergeTests
{
    [Fact]
    public void PagingMergedSharesReturnsEveryEntryOnceInOrder()
    {
        var partitions = Gen.Select(Gen.Int[0, 4000], Gen.Int[1, 400_000]).Array[0, 12].Array[1, 5];
        Gen.Select(partitions, Gen.Int[1, 30].Nullable(), Gen.Bool).Sample((parts, limit, reverse) =>
        {
            // Distinct keys: partition index in the low byte.
            var data = parts.Select((entries, p) => entries.Select(e => (Key: Key(e.Item1, p), Size: (long)e.Item2)).DistinctBy(e => Convert.ToHexString(e.Key)).ToList()).ToList();
            var expected = data.SelectMany(d => d).Select(e => e.Key).OrderBy(k => k, ByteOrder.Instance).ToList();
            if (reverse)
            {
                expected.Reverse();
            }

            var seen = new List<byte[]>();
            byte[]? start = null;
            for (var pages = 0; ; pages++)
            {
                Assert.True(pages <= expected.Count + 1, "paging does not end");
                var shares = data.Select(d => Share(d, start, limit, reverse)).ToList();
                var merged = ShareMerge.Merge(shares, limit, reverse);
                Assert.True(limit is null || merged.Kept.Count <= limit);
                seen.AddRange(merged.Kept.Select(e => e.Key));
                if (merged.LastEvaluatedKey is not { } lek)
                {
                    break;
                }

                start = Convert.FromHexString(lek.GetString()!);
            }

            Assert.Equal(expected.Select(Convert.ToHexString), seen.Select(Convert.ToHexString));
        });
    }

    private static byte[] Key(int value, int partition) => [(byte)(value >> 8), (byte)value, (byte)partition];

    /// <summary>What a node's share answers: the entries after <paramref name="start"/> in order, up to the limit or 1 MB read.</summary>
    private static SharePage Share(List<(byte[] Key, long Size)> entries, byte[]? start, int? limit, bool reverse)
    {
        var sign = reverse ? -1 : 1;
        var ordered = entries.Where(e => start is null || sign * e.Key.AsSpan().SequenceCompareTo(start) > 0).OrderBy(e => e.Key, ByteOrder.Instance).ToList();
        if (reverse)
        {
            ordered.Reverse();
        }

        var taken = new List<(byte[] Key, long Size)>();
        long bytes = 0;
        var stopped = false;
        foreach (var e in ordered)
        {
            taken.Add(e);
            bytes += e.Size;
            if (taken.Count == limit || bytes >= PageReader.MaxPageBytes)
            {
                stopped = true;
                break;
            }
        }

        var page = new SharePage
        {
            BytesRead = bytes,
            Count = taken.Count,
            ScannedCount = taken.Count,
            LastEvaluatedKey = stopped ? Json(taken[^1].Key) : null,
        };
        page.Entries.AddRange(taken.Select(e => new SharedEntry(e.Key, Json(e.Key), Matched: true, e.Size)));
        return page;
    }

    private static JsonElement Json(byte[] key) => JsonDocument.Parse("\"" + Convert.ToHexString(key) + "\"").RootElement.Clone();
}
