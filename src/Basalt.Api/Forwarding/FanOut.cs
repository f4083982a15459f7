using System.Buffers.Binary;
using System.Text.Json;
using Basalt.Api.Items;
using Basalt.Api.Protocol;
using Basalt.Metadata.Model;
using Basalt.Model;

namespace Basalt.Api.Forwarding;

/// <summary>
/// Reads that span partitions, as per-partition shares (<c>ExecuteRequest.group</c>): a global
/// index read asks every partition at once and merges (<see cref="ShareMerge"/>); a Scan of the
/// table or a local index walks the partitions in hash order (the key order), going on in the next
/// partition while the Limit and the 1 MB page allow.
/// </summary>
public static class FanOut
{
    private static readonly string[] LimitAndStart = ["Limit", "ExclusiveStartKey"];
    private static readonly string[] LimitOnly = ["Limit"];

    /// <summary>A global index Query or Scan: every partition's share, merged into one page.</summary>
    public static async Task GlobalAsync(RequestContext context, Utf8JsonWriter response, RequestForwarder forwarder, string operation, ForwardedTable table, ReadParameters read)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(forwarder);
        ArgumentNullException.ThrowIfNull(table);
        var body = ForwardedJson.Raw(context.Body).ToArray();
        var replies = await Task.WhenAll(table.Partitions.Select(p => forwarder.ToKeyAsync(context, operation, table, p.Range.Lo, body, p.GroupId))).ConfigureAwait(false);
        var documents = new List<JsonDocument>(replies.Length);
        try
        {
            foreach (var reply in replies)
            {
                documents.Add(ForwardedJson.Parse(reply));
            }

            var merged = ShareMerge.Merge([.. documents.Select(d => SharePage.Parse(d.RootElement))], read.Limit, read.Reverse);
            if (!read.CountOnly)
            {
                response.WriteStartArray("Items");
                foreach (var entry in merged.Kept)
                {
                    entry.Item?.WriteTo(response);
                }

                response.WriteEndArray();
            }

            response.WriteNumber("Count", merged.Count);
            response.WriteNumber("ScannedCount", merged.Kept.Count);
            if (merged.LastEvaluatedKey is { } lek)
            {
                response.WritePropertyName("LastEvaluatedKey");
                lek.WriteTo(response);
            }

            ConsumedCapacityWriter.Write(response, context, read.Capacity, table.Definition.Name, Capacity.ReadUnits(merged.BytesRead, read.Consistent), isRead: true);
        }
        finally
        {
            documents.ForEach(d => d.Dispose());
        }
    }

    /// <summary>A Scan of the table or a local index: the partitions overlapping the segment, in hash order, from the one holding the ExclusiveStartKey.</summary>
    public static async Task WalkAsync(RequestContext context, Utf8JsonWriter response, RequestForwarder forwarder, ForwardedTable table, ReadParameters read, int segment, int totalSegments, byte[]? start)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(forwarder);
        ArgumentNullException.ThrowIfNull(table);
        var from = ScanSegments.Boundary(segment, totalSegments);
        var to = segment == totalSegments - 1 ? ulong.MaxValue : ScanSegments.Boundary(segment + 1, totalSegments) - 1;
        if (start is not null)
        {
            from = Math.Max(from, BinaryPrimitives.ReadUInt64BigEndian(start.AsSpan(KeyCodec.TablePrefixLength)));
        }

        var partitions = from > to ? [] : table.Partitions.Where(p => p.Range.Overlaps(new HashRange(from, to))).ToList();
        var documents = new List<JsonDocument>();
        try
        {
            var pages = new List<SharePage>();
            var scanned = 0;
            long bytes = 0;
            JsonElement? lastKey = null;
            JsonElement? lastEvaluated = null;
            for (var i = 0; i < partitions.Count; i++)
            {
                if (scanned == read.Limit || bytes >= PageReader.MaxPageBytes)
                {
                    lastEvaluated = lastKey;
                    break;
                }

                var p = partitions[i];
                var remaining = read.Limit - scanned;
                var body = ForwardedJson.Rewrite(
                    context.Body,
                    i == 0 ? LimitOnly : LimitAndStart,
                    remaining is { } r ? w => w.WriteNumber("Limit", r) : null);
                var reply = await forwarder.ToKeyAsync(context, "Scan", table, p.Range.Lo, body, p.GroupId).ConfigureAwait(false);
                var document = ForwardedJson.Parse(reply);
                documents.Add(document);
                var page = SharePage.Parse(document.RootElement);
                pages.Add(page);
                scanned += page.ScannedCount;
                bytes += page.BytesRead;
                lastKey = page.LastKey ?? lastKey;
                if (page.LastEvaluatedKey is not null)
                {
                    lastEvaluated = page.LastEvaluatedKey;
                    break;
                }
            }

            if (!read.CountOnly)
            {
                response.WriteStartArray("Items");
                foreach (var item in pages.SelectMany(p => p.Items))
                {
                    item.WriteTo(response);
                }

                response.WriteEndArray();
            }

            response.WriteNumber("Count", pages.Sum(p => p.Count));
            response.WriteNumber("ScannedCount", scanned);
            if (lastEvaluated is { } lek)
            {
                response.WritePropertyName("LastEvaluatedKey");
                lek.WriteTo(response);
            }

            ConsumedCapacityWriter.Write(response, context, read.Capacity, table.Definition.Name, Capacity.ReadUnits(bytes, read.Consistent), isRead: true);
        }
        finally
        {
            documents.ForEach(d => d.Dispose());
        }
    }
}

/// <summary>What a fanned-out read needs from its request: Limit, direction, COUNT only, capacity report, consistency.</summary>
public sealed record ReadParameters(int? Limit, bool Reverse, bool CountOnly, CapacityReport Capacity, bool Consistent);
