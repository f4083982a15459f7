using System.Globalization;
using System.Text.Json;
using Basalt.Api.Forwarding;
using Basalt.Api.Replicas;
using Basalt.Model;

namespace Basalt.Api.Tests.Forwarding;

/// <summary>The node side of fanned-out Scans and global index Queries: the real operations, run as one partition's share.</summary>
public sealed class ShareTests
{
    private const int Partitions = 4;

    [Fact]
    public async Task ScanSharesPartitionTheTableInKeyOrder()
    {
        await using var node = await LocalNode.StartAsync(Partitions);
        var table = await CreateTableAsync(node);
        await PutItemsAsync(node, 60);

        var whole = await ScanAllAsync(node, group: 0, limit: null);
        var shares = new List<string>();
        foreach (var group in PartitionRouting.GroupsOf(table))
        {
            var range = ShareScope.Of(table, group).Range;
            var items = await ScanAllAsync(node, group, limit: 7);
            Assert.All(items, pk => Assert.True(range.Contains(KeyCodec.PartitionHash(AttributeValue.FromString(pk)))));
            shares.AddRange(items);
        }

        Assert.Equal(60, whole.Count);
        Assert.Equal(whole, shares);
    }

    [Fact]
    public async Task ScanShareReportsBytesAndLastKey()
    {
        await using var node = await LocalNode.StartAsync(Partitions);
        var table = await CreateTableAsync(node);
        await PutItemsAsync(node, 20);
        var group = PartitionRouting.GroupsOf(table).First();
        var page = await node.RunAsync("Scan", """{"TableName":"tbl"}""", group);
        var report = page.GetProperty(ShareScope.ReportMember);
        Assert.True(report.GetProperty("BytesRead").GetInt64() > 0);
        var items = page.GetProperty("Items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        Assert.Equal(items[^1].GetProperty("pk").GetProperty("S").GetString(), report.GetProperty("LastKey").GetProperty("pk").GetProperty("S").GetString());
        Assert.False(page.TryGetProperty("LastEvaluatedKey", out _));
        Assert.False(report.TryGetProperty("Entries", out _));
    }

    [Fact]
    public async Task GlobalIndexQuerySharesHoldEachPartitionsEntriesInIndexOrder()
    {
        await using var node = await LocalNode.StartAsync(Partitions);
        var table = await CreateTableAsync(node);
        await PutItemsAsync(node, 80);
        const string query = """{"TableName":"tbl","IndexName":"by-color","KeyConditionExpression":"color = :c","FilterExpression":"size(#p) > :n","ExpressionAttributeNames":{"#p":"pad"},"ExpressionAttributeValues":{":c":{"S":"red"},":n":{"N":"10"}}}""";
        var whole = await node.RunAsync("Query", query);
        var all = new List<string>();
        foreach (var group in PartitionRouting.GroupsOf(table))
        {
            var range = ShareScope.Of(table, group).Range;
            var page = await node.RunAsync("Query", query, group);
            var entries = page.GetProperty(ShareScope.ReportMember).GetProperty("Entries").EnumerateArray().ToList();
            Assert.Equal(page.GetProperty("ScannedCount").GetInt32(), entries.Count);
            Assert.Equal(page.GetProperty("Count").GetInt32(), entries.Count(e => e.GetProperty("M").GetBoolean()));
            var keys = entries.Select(e => e.GetProperty("K").GetBytesFromBase64()).ToList();
            Assert.Equal(keys.OrderBy(k => k, ByteOrder.Instance), keys);
            foreach (var entry in entries)
            {
                var pk = entry.GetProperty("L").GetProperty("pk").GetProperty("S").GetString()!;
                Assert.True(range.Contains(KeyCodec.PartitionHash(AttributeValue.FromString(pk))));
            }

            all.AddRange(page.GetProperty("Items").EnumerateArray().Select(i => i.GetProperty("pk").GetProperty("S").GetString()!));
        }

        var expected = whole.GetProperty("Items").EnumerateArray().Select(i => i.GetProperty("pk").GetProperty("S").GetString()!).Order(StringComparer.Ordinal);
        Assert.NotEmpty(all);
        Assert.Equal(expected, all.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AGroupOfAnotherTableIsAValidationError()
    {
        await using var node = await LocalNode.StartAsync(Partitions);
        var table = await CreateTableAsync(node);
        var (status, body) = await node.ExecuteAsync("Scan", """{"TableName":"tbl"}"""u8.ToArray(), PartitionRouting.GroupId(table.Id + 1, 0));
        Assert.Equal(400, status);
        Assert.Contains("ValidationException", System.Text.Encoding.UTF8.GetString(body), StringComparison.Ordinal);
    }

    internal static async Task<Tables.TableDefinition> CreateTableAsync(LocalNode node, string name = "tbl")
    {
        await node.RunAsync("CreateTable", $$$"""
            {"TableName":"{{{name}}}","BillingMode":"PAY_PER_REQUEST",
             "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],
             "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"color","AttributeType":"S"},{"AttributeName":"n","AttributeType":"N"}],
             "GlobalSecondaryIndexes":[{"IndexName":"by-color","KeySchema":[{"AttributeName":"color","KeyType":"HASH"},{"AttributeName":"n","KeyType":"RANGE"}],"Projection":{"ProjectionType":"ALL"}}]}
            """);
        return node.Database.Catalog.GetForItems(LocalNode.Region, name);
    }

    internal static async Task PutItemsAsync(LocalNode node, int count, string table = "tbl")
    {
        string[] colors = ["red", "green", "blue"];
        for (var i = 0; i < count; i++)
        {
            var n = (i * 7 % 23).ToString(CultureInfo.InvariantCulture);
            var item = $$"""{"pk":{"S":"k{{i}}"},"color":{"S":"{{colors[i % 3]}}"},"n":{"N":"{{n}}"},"pad":{"S":"{{new string('x', i)}}"}""";
            await node.RunAsync("PutItem", "{\"TableName\":\"" + table + "\",\"Item\":" + item + "}}");
        }
    }

    private static async Task<List<string>> ScanAllAsync(LocalNode node, ulong group, int? limit)
    {
        var result = new List<string>();
        string? start = null;
        do
        {
            var body = "{\"TableName\":\"tbl\"" + (limit is null ? string.Empty : ",\"Limit\":" + limit.Value.ToString(CultureInfo.InvariantCulture))
                + (start is null ? string.Empty : ",\"ExclusiveStartKey\":" + start) + "}";
            var page = await node.RunAsync("Scan", body, group);
            result.AddRange(page.GetProperty("Items").EnumerateArray().Select(i => i.GetProperty("pk").GetProperty("S").GetString()!));
            start = page.TryGetProperty("LastEvaluatedKey", out var lek) ? lek.GetRawText() : null;
        }
        while (start is not null);
        return result;
    }
}

internal sealed class ByteOrder : IComparer<byte[]>
{
    public static ByteOrder Instance { get; } = new();

    public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
}
