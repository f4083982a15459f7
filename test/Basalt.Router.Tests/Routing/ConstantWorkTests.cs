using Basalt.Metadata.Model;
using Basalt.Router.Routing;

namespace Basalt.Router.Tests.Routing;

/// <summary>
/// The router's cache does constant work: MemDS receives one lookup per request whatever the hit
/// rate, so a cold or flushed cache never turns into a lookup storm (the article's bimodal-system
/// lesson). Requests arrive evenly on virtual time; MemDS answers 2 ms later.
/// </summary>
public sealed class ConstantWorkTests
{
    private const int Rate = 200;
    private const int Seconds = 10;
    private static readonly TimeSpan Interval = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / Rate);

    [Theory]
    [InlineData(0)]
    [InlineData(50)]
    [InlineData(100)]
    public void MemDsLookupsPerSecond_EqualRequestsPerSecond_AtAnyHitRate(int hitPercent)
    {
        var world = new RoutingWorld();
        Warm(world);
        var start = world.Clock.GetUtcNow();
        var counters = world.Cache.Counters;
        var (hits, misses) = (counters.Hits, counters.Misses);

        // Odd requests repeat the previous key; flushing before every request (0%) or before
        // every even one (50%) sets the hit rate exactly.
        Run(world, Rate * Seconds, i => hitPercent switch
        {
            0 => true,
            50 => i % 2 == 0,
            _ => false,
        });

        Assert.All(world.MemDs.PerSecond(start, Seconds), perSecond => Assert.Equal(Rate, perSecond));
        var requests = Rate * Seconds;
        Assert.Equal(requests * hitPercent / 100, counters.Hits - hits);
        Assert.Equal(requests * (100 - hitPercent) / 100, counters.Misses - misses);
        Assert.Equal(counters.Hits + counters.Misses, counters.MemDsLookups);
    }

    [Fact]
    public void FlushingTheCache_ChangesHitsButNotMemDsLoad()
    {
        var world = new RoutingWorld();
        Warm(world);
        var start = world.Clock.GetUtcNow();
        var hitsAtEnd = new long[Seconds];
        var hitsBefore = world.Cache.Counters.Hits;
        var flushes = 0;

        // A full flush at 3 s, and a flush every 50 ms from 6 s to 8 s (a cache that keeps failing).
        Run(world, Rate * Seconds, i =>
        {
            var at = i * Interval;
            var flush = i == 3 * Rate || (at >= TimeSpan.FromSeconds(6) && at < TimeSpan.FromSeconds(8) && i % (Rate / 20) == 0);
            flushes += flush ? 1 : 0;
            return flush;
        }, i =>
        {
            if ((i + 1) % Rate == 0)
            {
                hitsAtEnd[i / Rate] = world.Cache.Counters.Hits;
            }
        });

        Assert.Equal(1 + 40, flushes);
        Assert.All(world.MemDs.PerSecond(start, Seconds), perSecond => Assert.Equal(Rate, perSecond));

        // The flushes did cost hits, so the test can tell they happened; MemDS load did not move.
        var hits = hitsAtEnd.Select((h, s) => h - (s == 0 ? hitsBefore : hitsAtEnd[s - 1])).ToArray();
        Assert.Equal(Rate, hits[2]);
        Assert.True(hits[3] < Rate, string.Join(",", hits));
        Assert.True(hits[6] < hits[3] && hits[7] < hits[3], string.Join(",", hits));
        Assert.Equal(Rate, hits[9]);
    }

    [Fact]
    public void ABackgroundLookupThatFails_LeavesTheHitServed_AndIsCounted()
    {
        var world = new RoutingWorld();
        Warm(world);
        world.MemDs.Failing = true;
        var route = world.Cache.ResolveAsync(RoutingWorld.Table, 42, TestContext.Current.CancellationToken);
        Assert.True(route.IsCompletedSuccessfully);
        world.Advance(world.MemDs.Latency);
        Assert.Equal(1, world.Cache.Counters.MemDsLookupFailures);
    }

    [Fact]
    public async Task AMissWhoseLookupFails_FailsTheRequest()
    {
        var world = new RoutingWorld();
        world.MemDs.Failing = true;
        var route = world.Cache.ResolveAsync(RoutingWorld.Table, 42, TestContext.Current.CancellationToken);
        world.Advance(world.MemDs.Latency);
        await Assert.ThrowsAsync<IOException>(async () => await route);
        Assert.Equal(1, world.Cache.Counters.MemDsLookupFailures);
    }

    [Fact]
    public async Task AnUnknownTable_ResolvesToNothing_AfterOneLookup()
    {
        var world = new RoutingWorld();
        var route = world.Cache.ResolveAsync(99, 42, TestContext.Current.CancellationToken);
        world.Advance(world.MemDs.Latency);
        Assert.True(route.IsCompletedSuccessfully);
        Assert.Null(await route);
        Assert.Equal(1, world.Cache.Counters.MemDsLookups);
    }

    [Fact]
    public void WithMemDsInTheSameProcess_EveryRequestStillLooksUpOnce_AndNeverWaits()
    {
        var world = new RoutingWorld();
        var cache = new RouteCache(new LocalMemDsClient(world.Store));
        for (ulong h = 0; h < 100; h++)
        {
            var route = cache.ResolveAsync(RoutingWorld.Table, h * 0x9E3779B97F4A7C15, TestContext.Current.CancellationToken);
            Assert.True(route.IsCompletedSuccessfully);
        }

        Assert.Equal(100, cache.Counters.MemDsLookups);
        Assert.Equal(world.Partitions.Count, cache.Counters.Misses);
        Assert.Equal(100 - world.Partitions.Count, cache.Counters.Hits);
    }

    /// <summary>One request per partition, so every partition is cached.</summary>
    private static void Warm(RoutingWorld world)
    {
        foreach (var p in world.Partitions)
        {
            world.Resolve(p.Range.Lo);
        }

        world.Advance(TimeSpan.FromSeconds(1) - (world.Partitions.Count * world.MemDs.Latency));
    }

    /// <summary>
    /// <paramref name="count"/> requests, one every <see cref="Interval"/>; request i is for a new
    /// random key when i is even and for the previous key when odd. Every request must resolve to
    /// the partition that owns its key.
    /// </summary>
    private static void Run(RoutingWorld world, int count, Func<int, bool> flushBefore, Action<int>? after = null)
    {
        var random = new Random(1);
        ulong hash = 0;
        var routes = new List<(ulong Hash, ValueTask<PartitionInfo?> Route)>();
        for (var i = 0; i < count; i++)
        {
            if (flushBefore(i))
            {
                world.Cache.Flush();
            }

            hash = i % 2 == 0 ? (ulong)random.NextInt64() * 2 : hash;
            routes.Add((hash, world.Cache.ResolveAsync(RoutingWorld.Table, hash, TestContext.Current.CancellationToken)));
            world.Advance(Interval);
            after?.Invoke(i);
        }

        Assert.All(routes, r =>
        {
            Assert.True(r.Route.IsCompletedSuccessfully);
            Assert.True(r.Route.Result!.Range.Contains(r.Hash));
        });
    }
}
