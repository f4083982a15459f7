using Basalt.Metadata.Commands;
using Basalt.Metadata.Events;
using Basalt.Metadata.Model;
using Basalt.Metadata.StateMachine;
using Basalt.Router.Routing;
using CsCheck;

namespace Basalt.Router.Tests.Routing;

public sealed class CachedRoutesTests
{
    [Fact]
    public void OfferedRoutesInAnyOrder_LeaveExactlyThoseNoNewerRouteOverlaps()
    {
        // A table's history of splits and leader changes; the router hears of some of its
        // partitions' versions, late and out of order. Whatever the order, the cache ends holding
        // the offered routes that no newer offered route overlaps, sorted and disjoint.
        var gen = Gen.Select(Gen.Select(Gen.Int[0, 3], Gen.ULong, Gen.Int[0, 2]).Array[1, 40], Gen.Int.Array[0, 400], Gen.Bool.Array[400]);
        gen.Sample((history, order, offered) =>
        {
            var versions = History(history);
            var chosen = versions.Where((_, i) => offered[i % offered.Length]).ToList();
            var shuffled = chosen.Select((p, i) => (p, key: order.Length == 0 ? i : order[i % order.Length] ^ i)).OrderBy(x => x.key).Select(x => x.p).ToList();

            var routes = CachedRoutes.Empty;
            foreach (var p in shuffled)
            {
                routes = routes.With(p, replaceEqual: false) ?? routes;
            }

            var expected = chosen
                .Where(p => !chosen.Any(o => o.Version > p.Version && o.Range.Overlaps(p.Range)))
                .DistinctBy(p => (p.GroupId, p.Version))
                .OrderBy(p => p.Range.Lo);
            Assert.Equal(expected.Select(p => (p.GroupId, p.Version)), routes.Partitions.Select(p => (p.GroupId, p.Version)));
            for (var i = 1; i < routes.Partitions.Length; i++)
            {
                Assert.True(routes.Partitions[i - 1].Range.Last < routes.Partitions[i].Range.Lo);
            }
        }, iter: 300);
    }

    [Fact]
    public void ARouteThatIsNotNewer_IsDeclinedWithoutAllocating()
    {
        var versions = History([(0, 1UL << 63, 0), (1, 0, 1)]);
        var routes = CachedRoutes.Empty;
        foreach (var p in versions)
        {
            routes = routes.With(p, replaceEqual: false) ?? routes;
        }

        var current = routes.Partitions[0];
        routes.With(current, replaceEqual: false);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Null(routes.With(current, replaceEqual: false));
        Assert.Null(routes.With(versions[0], replaceEqual: false));
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    /// <summary>Every partition version one table goes through: splits (kind 0), leader changes (1, 2).</summary>
    private static List<PartitionInfo> History((int Kind, ulong At, int Replica)[] steps)
    {
        var map = new PartitionMap();
        var all = new List<PartitionInfo>();
        MetaCommand[] setup =
        [
            new RegisterNode(1, "a", "1"), new RegisterNode(2, "b", "2"), new RegisterNode(3, "c", "3"),
            new CreateTable("r", "t", 0, 1, 3, new byte[] { 1 }),
        ];
        foreach (var c in setup)
        {
            Collect(map.Apply(c), all);
        }

        foreach (var (kind, at, replica) in steps)
        {
            var parts = map.PartitionsOf(1);
            var p = parts[(int)(at % (ulong)parts.Count)];
            MetaCommand c = kind == 0
                ? new SplitPartition(p.GroupId, p.Range.Lo + 1 + (at % Math.Max(1, p.Range.Last - p.Range.Lo)))
                : new SetLeader(p.GroupId, p.Replicas[replica].NodeId);
            Collect(map.Apply(c), all);
        }

        return all;
    }

    private static void Collect(ApplyResult result, List<PartitionInfo> into)
    {
        foreach (var e in result.Events)
        {
            switch (e)
            {
                case TableCreated c:
                    into.AddRange(c.Partitions);
                    break;
                case PartitionChanged c:
                    into.Add(c.Partition);
                    break;
                case PartitionSplit s:
                    into.Add(s.Left);
                    into.Add(s.Right);
                    break;
            }
        }
    }
}
