using System.Globalization;
using System.Text.Json;
using Basalt.Api.Items;
using Basalt.Api.Replicas;
using Basalt.Model;

namespace Basalt.Api.Tests.Cluster;

/// <summary>
/// TTL deletion on storage nodes in cluster mode (three meta members, three nodes over loopback
/// gRPC): each node sweeps only the partitions it leads, from its own storage, and together the
/// nodes delete every expired item of every partition and nothing else.
/// </summary>
public sealed class ClusterTimeToLiveTests
{
    private const string Table = """{"TableName":"Expiring","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"BillingMode":"PAY_PER_REQUEST"}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_node_sweeps_the_partitions_it_leads_and_together_they_delete_every_expired_item()
    {
        await using var meta = await MetaMembers.StartAsync();
        await using var nodes = await ClusterNodes.StartAsync(meta.Urls, partitions: 4, sweepInterval: Timeout.InfiniteTimeSpan);
        await nodes.RunAsync(1, "CreateTable", Table);
        await nodes.RunAsync(2, "UpdateTimeToLive", """{"TableName":"Expiring","TimeToLiveSpecification":{"AttributeName":"expires","Enabled":true}}""");
        var version = nodes.Nodes.Max(n => n.Map.Store.Version);
        foreach (var node in nodes.Nodes)
        {
            await node.Map.WaitForVersionAsync(version, Ct);
        }

        var table = nodes[1].Database.Catalog.Get(ClusterNodes.Region, "Expiring");
        Assert.Equal(4, table.PartitionCount);
        Assert.True(table.TimeToLive is { Enabled: true, AttributeName: "expires" });

        // Expired, in the future, a string, and no TTL attribute: only the first kind goes.
        var now = DateTimeOffset.UtcNow;
        string Seconds(TimeSpan offset) => now.Add(offset).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var expired = new List<string>();
        for (var i = 0; i < 48; i++)
        {
            var key = "k" + i.ToString(CultureInfo.InvariantCulture);
            var expires = (i % 4) switch
            {
                0 => $$""","expires":{"N":"{{Seconds(TimeSpan.FromHours(-1))}}"}""",
                1 => $$""","expires":{"N":"{{Seconds(TimeSpan.FromHours(1))}}"}""",
                2 => $$""","expires":{"S":"{{Seconds(TimeSpan.FromHours(-1))}}"}""",
                _ => string.Empty,
            };
            var (_, reply) = await nodes.RouteAsync("PutItem", "{\"TableName\":\"Expiring\",\"Item\":{\"pk\":{\"S\":\"" + key + "\"}" + expires + "}}");
            Assert.True(reply.Status == 200, ClusterNodes.Utf8(reply.Body));
            if (i % 4 == 0)
            {
                expired.Add(key);
            }
        }

        var groupOf = expired.ToDictionary(k => k, k => PartitionRouting.GroupOf(table, ItemKeys.FromKey(table, new Dictionary<string, AttributeValue> { ["pk"] = AttributeValue.FromString(k) })));
        Assert.True(groupOf.Values.Distinct().Count() > 1, "the expired items should span several partitions");

        long total = 0;
        foreach (var node in nodes.Nodes)
        {
            // A node deletes exactly the expired items of the groups it leads (none of the others').
            var led = PartitionRouting.GroupsOf(table).Where(g => node.Host.Node.Replica(g) is { IsServing: true }).ToHashSet();
            var deleted = await node.Database.TimeToLive.SweepAsync(Ct);
            Assert.Equal(groupOf.Values.Count(led.Contains), deleted);
            total += deleted;
        }

        Assert.Equal(expired.Count, total);
        foreach (var node in nodes.Nodes)
        {
            Assert.Equal(0, await node.Database.TimeToLive.SweepAsync(Ct));
        }

        var left = new List<string>();
        foreach (var group in PartitionRouting.GroupsOf(table))
        {
            var (_, reply) = await nodes.RouteAsync("Scan", """{"TableName":"Expiring","ConsistentRead":true}""", group);
            Assert.True(reply.Status == 200, ClusterNodes.Utf8(reply.Body));
            using var document = JsonDocument.Parse(reply.Body.Memory);
            left.AddRange(document.RootElement.GetProperty("Items").EnumerateArray().Select(item => item.GetProperty("pk").GetProperty("S").GetString()!));
        }

        Assert.Equal(36, left.Count);
        Assert.Empty(left.Intersect(expired));
    }
}
