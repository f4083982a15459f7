using Basalt.Metadata.Commands;
using Basalt.Metadata.Model;
using Basalt.Router.Routing;

namespace Basalt.Router.Tests.Routing;

/// <summary>Stale cache entries are corrected: at once by a storage node's answer, or by the next MemDS answer.</summary>
public sealed class StaleRouteTests
{
    [Fact]
    public async Task ANodesStaleRouteAnswer_CorrectsTheLeaderAtOnce_AndALaggingMemDsDoesNotUndoIt()
    {
        var world = new RoutingWorld();
        var p = world.Resolve(5);
        var oldLeader = p.Replicas[0].NodeId;
        var newLeader = p.Replicas[1].NodeId;
        world.Change(new SetLeader(p.GroupId, oldLeader));
        Assert.Equal(0UL, world.Resolve(5).LeaderHint); // a hit answers from the cache; its lookup refreshes the entry
        Assert.Equal(oldLeader, world.Cache.TryGetCached(RoutingWorld.Table, 5)!.LeaderHint);

        // Leadership moves; the map has not heard yet. The old leader answers the router's
        // request with the leader it knows of, and the cache takes it before any MemDS round trip.
        var request = world.Cache.ResolveAsync(RoutingWorld.Table, 5, TestContext.Current.CancellationToken);
        Assert.True(request.IsCompletedSuccessfully);
        Assert.Equal(oldLeader, (await request)!.LeaderHint);
        world.Cache.Correct(new RouteCorrection(RoutingWorld.Table, p.GroupId, newLeader, null));
        Assert.Equal(newLeader, world.Cache.TryGetCached(RoutingWorld.Table, 5)!.LeaderHint);

        // That request's MemDS answer (same map version, old leader) arrives: it changes nothing.
        world.Advance(world.MemDs.Latency);
        Assert.Equal(newLeader, world.Resolve(5).LeaderHint);

        // The map learns of the new leader at a new version; MemDS answers bring it in.
        world.Change(new SetLeader(p.GroupId, newLeader));
        world.Resolve(5);
        var refreshed = world.Cache.TryGetCached(RoutingWorld.Table, 5)!;
        Assert.Equal(world.Map.FindGroup(p.GroupId)!.Version, refreshed.Version);
        Assert.Equal(newLeader, refreshed.LeaderHint);
        Assert.Equal(1, world.Cache.Counters.Corrections);
    }

    [Fact]
    public void AfterASplit_TheNextMemDsAnswerReplacesTheStaleRange()
    {
        var world = new RoutingWorld(partitions: 1);
        var whole = world.Resolve(10);
        Assert.Equal(HashRange.All, whole.Range);
        world.Change(new SplitPartition(whole.GroupId, 1UL << 63));

        // The cached route is stale but still answers (a hit); its lookup brings the new range.
        var right = 3UL << 62;
        Assert.Equal(whole.GroupId, world.Resolve(right).GroupId);
        var fresh = world.Cache.TryGetCached(RoutingWorld.Table, right)!;
        Assert.NotEqual(whole.GroupId, fresh.GroupId);
        Assert.Equal(new HashRange(1UL << 63, ulong.MaxValue), fresh.Range);

        // The stale entry covered both halves and is gone; the left half misses and is relearned.
        Assert.Null(world.Cache.TryGetCached(RoutingWorld.Table, 10));
        var misses = world.Cache.Counters.Misses;
        Assert.Equal(new HashRange(0, (1UL << 63) - 1), world.Resolve(10).Range);
        Assert.Equal(misses + 1, world.Cache.Counters.Misses);
    }

    [Fact]
    public void ANodeThatNoLongerOwnsTheKey_NamesTheOwner_AndTheCacheTakesItAtOnce()
    {
        var world = new RoutingWorld(partitions: 1);
        var whole = world.Resolve(10);
        world.Change(new SplitPartition(whole.GroupId, 1UL << 63), deliver: false);
        var right = world.Map.FindGroup(PartitionInfo.GroupIdOf(RoutingWorld.Table, 1))!;

        // MemDS lags; the node answers with the partition that owns the key now.
        world.Cache.Correct(new RouteCorrection(RoutingWorld.Table, whole.GroupId, right.Replicas[0].NodeId, right));
        Assert.Equal(right.GroupId, world.Cache.TryGetCached(RoutingWorld.Table, 3UL << 62)!.GroupId);
        Assert.Equal(right.Replicas[0].NodeId, world.Cache.TryGetCached(RoutingWorld.Table, 3UL << 62)!.LeaderHint);

        // A lagging MemDS answer (the pre-split partition) is older and does not bring the stale range back.
        world.Resolve(3UL << 62);
        Assert.Equal(right.GroupId, world.Cache.TryGetCached(RoutingWorld.Table, 3UL << 62)!.GroupId);
        Assert.Null(world.Cache.TryGetCached(RoutingWorld.Table, 10));
    }

    [Fact]
    public void ANodeNamingNoUsableLeader_DropsTheEntry_SoTheNextRequestAsksMemDs()
    {
        var world = new RoutingWorld();
        var p = world.Resolve(5);
        var outsider = world.Map.Nodes.Select(n => n.Id).First(id => p.ReplicaOn(id) is null);
        world.Cache.Correct(new RouteCorrection(RoutingWorld.Table, p.GroupId, outsider, null));
        Assert.Null(world.Cache.TryGetCached(RoutingWorld.Table, 5));
        var misses = world.Cache.Counters.Misses;
        world.Resolve(5);
        Assert.Equal(misses + 1, world.Cache.Counters.Misses);
    }
}
