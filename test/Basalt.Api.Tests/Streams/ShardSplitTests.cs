using System.Globalization;
using Amazon.DynamoDBv2.Model;
using static Basalt.Api.Tests.Conformance.Av;

namespace Basalt.Api.Tests.Streams;

/// <summary>
/// Shards follow partitions: when a partition splits, its shard closes and two children (naming it
/// as parent) take over its hashes. Readers that finish parents before children see every change
/// exactly once and in order per item.
/// </summary>
public sealed class ShardSplitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_split_closes_the_parent_shard_and_children_continue_every_items_history_in_order()
    {
        await using var server = await ClockedServer.StartAsync();
        var arn = (await server.CreateTableAsync("split", "NEW_IMAGE"))!;
        const int Items = 20;
        await WriteVersionAsync(server, Items, 1);
        var streams = server.Server.Database.Streams.Catalog;
        var stream = streams.All.Single(s => s.TableName == "split");

        var split = await streams.SplitShardAsync(stream, stream.Shards[0].Id, 1UL << 63);
        await WriteVersionAsync(server, Items, 2);

        var shards = await server.Streams.ShardsAsync(arn);
        Assert.Equal(3, shards.Count);
        var parentId = shards[0].GetProperty("ShardId").GetString();
        Assert.Equal(split.Shards[0].Id, parentId);
        Assert.True(shards[0].GetProperty("SequenceNumberRange").TryGetProperty("EndingSequenceNumber", out _));
        foreach (var child in shards.Skip(1))
        {
            Assert.Equal(parentId, child.GetProperty("ParentShardId").GetString());
            Assert.False(child.GetProperty("SequenceNumberRange").TryGetProperty("EndingSequenceNumber", out _));
        }

        // The parent ends: once drained, GetRecords gives no next iterator.
        var (parentRecords, next) = await server.Streams.GetRecordsAsync(await server.Streams.GetShardIteratorAsync(arn, parentId!, "TRIM_HORIZON"));
        Assert.Equal(Items, parentRecords.Count);
        if (next is not null)
        {
            var (rest, end) = await server.Streams.GetRecordsAsync(next);
            Assert.Empty(rest);
            Assert.Null(end);
        }

        // Each item's later changes are all in one child.
        var childKeys = new List<HashSet<string>>();
        foreach (var child in shards.Skip(1))
        {
            var iterator = await server.Streams.GetShardIteratorAsync(arn, child.GetProperty("ShardId").GetString()!, "TRIM_HORIZON");
            childKeys.Add([.. (await server.Streams.GetRecordsAsync(iterator)).Records.Select(r => r.Key())]);
        }

        Assert.Empty(childKeys[0].Intersect(childKeys[1]));
        Assert.Equal(Items, childKeys[0].Count + childKeys[1].Count);

        var all = await server.Streams.ReadAllAsync(arn);
        Assert.Equal(2 * Items, all.Count);
        foreach (var history in all.GroupBy(r => r.Key()))
        {
            Assert.Equal(["1", "2"], history.Select(r => Rec.Attr(r.NewImage, "v")));
            Assert.Equal(["INSERT", "MODIFY"], history.Select(r => r.EventName));
        }
    }

    private static async Task WriteVersionAsync(ClockedServer server, int items, int version)
    {
        for (var i = 0; i < items; i++)
        {
            await server.Ddb.PutItemAsync(
                new PutItemRequest { TableName = "split", Item = Item(("pk", S("k" + i.ToString(CultureInfo.InvariantCulture))), ("v", N(version))) },
                Ct);
        }
    }
}
