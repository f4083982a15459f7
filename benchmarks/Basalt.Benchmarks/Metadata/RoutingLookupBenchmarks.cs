using BenchmarkDotNet.Attributes;
using Basalt.Metadata.Commands;
using Basalt.Metadata.MemDs;
using Basalt.Metadata.StateMachine;
using Basalt.Router.Routing;

namespace Basalt.Benchmarks.Metadata;

/// <summary>
/// Routing lookups per key: a MemDS floor lookup (table id → sorted range starts → binary search),
/// and a router cache hit, which also sends its constant-work MemDS lookup (here to a MemDS in the
/// same process, answered synchronously) and offers the answer back to the cache.
/// </summary>
[MemoryDiagnoser]
public class RoutingLookupBenchmarks
{
    private const int Keys = 1024;
    private readonly ulong[] hashes = new ulong[Keys];
    private MemDsStore store = null!;
    private RouteCache cache = null!;

    [Params(1, 64, 4096)]
    public int Partitions { get; set; } = 64;

    [GlobalSetup]
    public void Setup()
    {
        var map = new PartitionMap();
        store = new MemDsStore();
        MetaCommand[] commands =
        [
            .. Enumerable.Range(1, 9).Select(i => new RegisterNode((ulong)i, "z" + (i % 3), "n" + i)),
            .. Enumerable.Range(0, 100).Select(t => new CreateTable("us-east-1", "t" + t, 0, t == 42 ? Partitions : 4, 3, new byte[] { 1 })),
        ];
        foreach (var c in commands)
        {
            foreach (var e in map.Apply(c).Events)
            {
                store.Apply(e);
            }
        }

        var random = new Random(1);
        for (var i = 0; i < Keys; i++)
        {
            hashes[i] = (ulong)random.NextInt64() * 2;
        }

        cache = new RouteCache(new LocalMemDsClient(store));
        foreach (var h in hashes)
        {
            _ = cache.ResolveAsync(43, h).Result;
        }
    }

    [Benchmark(OperationsPerInvoke = Keys)]
    public ulong MemDsFloor()
    {
        ulong sum = 0;
        foreach (var h in hashes)
        {
            store.TryFloor(43, h, out var p);
            sum += p!.GroupId;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Keys)]
    public ulong RouterCacheHit()
    {
        ulong sum = 0;
        foreach (var h in hashes)
        {
            sum += cache.ResolveAsync(43, h).Result!.GroupId;
        }

        return sum;
    }
}
