using System.Globalization;
using System.Text.Json;
using CsCheck;

namespace Basalt.Api.Tests.Forwarding;

/// <summary>
/// Paging fanned-out reads through the router's operations returns every item exactly once and in
/// order: the same items, in the same order, as the whole read on one database with every partition.
/// </summary>
public sealed class RouterPagingTests
{
    private const int Items = 70;

    [Fact]
    public async Task PagedScanMatchesTheWholeScan()
    {
        await using var node = await LocalNode.StartAsync(4);
        await ShareTests.CreateTableAsync(node);
        await ShareTests.PutItemsAsync(node, Items);
        var router = new RouterHarness(node);
        var gen = Gen.Select(Gen.Int[1, 30], Gen.Int[1, 3], Gen.Bool, Gen.Bool);
        await gen.SampleAsync(
            async (limit, totalSegments, filter, count) =>
            {
                for (var segment = 0; segment < totalSegments; segment++)
                {
                    var extra = Extra(filter, count) + (totalSegments > 1 ? $",\"Segment\":{segment},\"TotalSegments\":{totalSegments}" : string.Empty);
                    var expected = await WholeAsync(node, "Scan", """{"TableName":"tbl" """ + extra + "}");
                    var paged = await PageAsync(router, "Scan", """{"TableName":"tbl" """ + extra, limit);
                    Assert.Equal(expected, paged);
                }
            },
            iter: 25,
            threads: 1);
    }

    [Fact]
    public async Task PagedGlobalIndexQueryMatchesTheWholeQuery()
    {
        await using var node = await LocalNode.StartAsync(4);
        await ShareTests.CreateTableAsync(node);
        await ShareTests.PutItemsAsync(node, Items);
        var router = new RouterHarness(node);
        var gen = Gen.Select(Gen.Int[1, 20], Gen.Bool, Gen.Bool, Gen.Bool);
        await gen.SampleAsync(
            async (limit, forward, filter, count) =>
            {
                var query = """{"TableName":"tbl","IndexName":"by-color","KeyConditionExpression":"color = :c","ScanIndexForward":""" + (forward ? "true" : "false")
                    + (filter ? ""","FilterExpression":"size(#p) > :n","ExpressionAttributeNames":{"#p":"pad"},"ExpressionAttributeValues":{":c":{"S":"red"},":n":{"N":"20"}}"""
                              : ""","ExpressionAttributeValues":{":c":{"S":"red"}}""")
                    + (count ? ""","Select":"COUNT" """ : string.Empty);
                var expected = await WholeAsync(node, "Query", query + "}");
                var paged = await PageAsync(router, "Query", query, limit);
                Assert.Equal(expected, paged);
            },
            iter: 25,
            threads: 1);
    }

    [Fact]
    public async Task PagedGlobalIndexScanMatchesTheWholeScan()
    {
        await using var node = await LocalNode.StartAsync(4);
        await ShareTests.CreateTableAsync(node);
        await ShareTests.PutItemsAsync(node, Items);
        var router = new RouterHarness(node);
        await Gen.Int[1, 25].SampleAsync(
            async limit =>
            {
                var scan = """{"TableName":"tbl","IndexName":"by-color" """;
                var expected = await WholeAsync(node, "Scan", scan + "}");
                var paged = await PageAsync(router, "Scan", scan, limit);
                Assert.Equal(expected, paged);
            },
            iter: 15,
            threads: 1);
    }

    private static string Extra(bool filter, bool count) =>
        (filter ? ""","FilterExpression":"size(#p) > :n","ExpressionAttributeNames":{"#p":"pad"},"ExpressionAttributeValues":{":n":{"N":"30"}}""" : string.Empty)
        + (count ? ""","Select":"COUNT" """ : string.Empty);

    /// <summary>The whole read on the one database: the items' keys in order (or, for COUNT, one entry per counted item), after paging without a limit.</summary>
    private static async Task<List<string>> WholeAsync(LocalNode node, string operation, string body)
    {
        var result = new List<string>();
        using var request = JsonDocument.Parse(body);
        string? start = null;
        do
        {
            var page = await node.RunAsync(operation, start is null ? body : body[..^1] + ",\"ExclusiveStartKey\":" + start + "}");
            Collect(page, result);
            start = page.TryGetProperty("LastEvaluatedKey", out var lek) ? lek.GetRawText() : null;
        }
        while (start is not null);
        return result;
    }

    /// <summary>Pages the read through the router with <paramref name="limit"/>; checks each page's counts.</summary>
    private static async Task<List<string>> PageAsync(RouterHarness router, string operation, string bodyWithoutEnd, int limit)
    {
        var result = new List<string>();
        string? start = null;
        var pages = 0;
        do
        {
            var body = bodyWithoutEnd + ",\"Limit\":" + limit.ToString(CultureInfo.InvariantCulture) + (start is null ? string.Empty : ",\"ExclusiveStartKey\":" + start) + "}";
            var page = await router.RunOkAsync(operation, body);
            Assert.InRange(page.GetProperty("ScannedCount").GetInt32(), 0, limit);
            Assert.InRange(page.GetProperty("Count").GetInt32(), 0, page.GetProperty("ScannedCount").GetInt32());
            Collect(page, result);
            start = page.TryGetProperty("LastEvaluatedKey", out var lek) ? lek.GetRawText() : null;
            Assert.True(++pages <= (Items * 2) + 10, "paging does not end");
        }
        while (start is not null);
        return result;
    }

    private static void Collect(JsonElement page, List<string> result)
    {
        if (page.TryGetProperty("Items", out var items))
        {
            result.AddRange(items.EnumerateArray().Select(i => i.GetProperty("pk").GetProperty("S").GetString()!));
        }
        else
        {
            result.AddRange(Enumerable.Repeat("#", page.GetProperty("Count").GetInt32()));
        }
    }
}
