using Basalt.Metadata.Commands;
using Basalt.Metadata.Events;
using Basalt.Metadata.MemDs;
using Basalt.Metadata.Model;
using Basalt.Metadata.StateMachine;
using Basalt.Metadata.Tests.StateMachine;
using CsCheck;

namespace Basalt.Metadata.Tests.MemDs;

public sealed class MemDsStoreTests
{
    [Fact]
    public void FloorFindsTheOwningPartition_AndCeilingTheNextRangeStart()
    {
        var source = new RecordedMap().Apply([.. Maps.Nodes(3, 3), Maps.Table("t", partitions: 4)]);
        var store = Fed(source);
        var parts = source.Map.PartitionsOf(1);

        Assert.True(store.TryFloor(1, 0, out var p));
        Assert.Same(parts[0], p);
        Assert.True(store.TryFloor(1, parts[2].Range.Lo - 1, out p));
        Assert.Same(parts[1], p);
        Assert.True(store.TryFloor(1, parts[2].Range.Lo, out p));
        Assert.Same(parts[2], p);
        Assert.True(store.TryFloor(1, ulong.MaxValue, out p));
        Assert.Same(parts[3], p);

        Assert.True(store.TryCeiling(1, 1, out p));
        Assert.Same(parts[1], p);
        Assert.True(store.TryCeiling(1, parts[2].Range.Lo, out p));
        Assert.Same(parts[2], p);
        Assert.False(store.TryCeiling(1, parts[3].Range.Lo + 1, out _));
        Assert.False(store.TryFloor(2, 0, out _));
        Assert.Equal(1UL, store.FindTable(Maps.Region, "t")!.Id);
    }

    [Fact]
    public void AnEventAfterAGap_IsRefused_AndDuplicatesAreIgnored()
    {
        var source = new RecordedMap().Apply([.. Maps.Nodes(3, 3), Maps.Table("t"), Maps.Table("u")]);
        var store = new MemDsStore();
        Assert.Equal(MemDsApplyStatus.Applied, store.Apply(source.Events[0]));
        Assert.Equal(MemDsApplyStatus.Gap, store.Apply(source.Events[2]));
        Assert.Equal(1UL, store.Version);
        Assert.Null(store.FindNode(3));
        Assert.Equal(MemDsApplyStatus.Applied, store.Apply(source.Events[1]));
        Assert.Equal(MemDsApplyStatus.Duplicate, store.Apply(source.Events[1]));
        Assert.Equal(2UL, store.Version);
    }

    [Fact]
    public async Task APushedStreamWithLostEvents_IsRepairedFromASnapshot()
    {
        var source = new RecordedMap().Apply([.. Maps.Nodes(6, 3), Maps.Table("t", partitions: 3), Maps.Table("u")]);
        var store = new MemDsStore();
        var sync = new MemDsSync(store, source);
        var lossy = source.Events.Where(e => e.Version != 4).ToList();
        await sync.DeliverAsync(lossy, TestContext.Current.CancellationToken);
        Assert.Equal(1, sync.Resyncs);
        Assert.Equal(source.Map.Version, store.Version);
        AssertSameRoutes(source.Map, store);
    }

    [Fact]
    public async Task AReaderBehindWhatTheStreamHolds_ResyncsFromASnapshot_ThenFollowsTheStream()
    {
        var source = new RecordedMap().Apply([.. Maps.Nodes(6, 3), Maps.Table("t", partitions: 3)]);
        source.OldestHeld = 5;
        var store = new MemDsStore();
        var sync = new MemDsSync(store, source);
        await sync.PollAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, sync.Resyncs);
        Assert.Equal(7UL, store.Version);

        source.Apply([new SplitPartition(source.Map.PartitionsOf(1)[0].GroupId, 77)]);
        Assert.Equal(1, await sync.PollAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, sync.Resyncs);
        AssertSameRoutes(source.Map, store);
    }

    [Fact]
    public void RestoringAnOlderSnapshot_IsRefused()
    {
        var source = new RecordedMap().Apply(Maps.Nodes(3, 3));
        var old = source.Map.Snapshot();
        source.Apply([Maps.Table("t")]);
        var store = Fed(source);
        Assert.False(store.Restore(old));
        Assert.Equal(4UL, store.Version);
        Assert.NotNull(store.FindTable(1));
    }

    [Fact]
    public void FedByTheChangeStream_MemDsAnswersLikeTheMap_ForEveryTableAndHash()
    {
        Gen.Select(CommandScript.Steps, Gen.ULong.Array[20]).Sample((steps, hashes) =>
        {
            var source = new RecordedMap().Apply(CommandScript.Materialize(steps));
            var store = Fed(source);
            Assert.Equal(source.Map.Version, store.Version);
            AssertSameRoutes(source.Map, store, hashes);
        }, iter: 200);
    }

    [Fact]
    public void ALookup_AllocatesNothing()
    {
        var source = new RecordedMap().Apply([.. Maps.Nodes(3, 3), Maps.Table("t", partitions: 64)]);
        var store = Fed(source);
        store.TryFloor(1, 12345, out _);
        var before = GC.GetAllocatedBytesForCurrentThread();
        ulong sum = 0;
        for (ulong h = 0; h < 10_000; h++)
        {
            store.TryFloor(1, h * 0x9E3779B97F4A7C15, out var p);
            sum += p!.GroupId;
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.NotEqual(0UL, sum);
    }

    [Fact]
    public async Task ReadersDuringSplits_AlwaysSeeAPartitionHoldingTheirHash()
    {
        var source = new RecordedMap().Apply([.. Maps.Nodes(3, 3), Maps.Table("t")]);
        var store = Fed(source);
        using var stop = new CancellationTokenSource();
        var bad = 0L;
        var lookups = 0L;
        var started = Enumerable.Range(0, 2).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var readers = Enumerable.Range(0, 2).Select(r => Task.Run(() =>
        {
            var h = (ulong)r + 1;
            started[r].TrySetResult();
            do
            {
                h = (h * 6364136223846793005) + 1442695040888963407;
                if (!store.TryFloor(1, h, out var p) || !p.Range.Contains(h))
                {
                    Interlocked.Increment(ref bad);
                }

                Interlocked.Increment(ref lookups);
            }
            while (!stop.IsCancellationRequested);
        }, TestContext.Current.CancellationToken)).ToArray();

        // Both readers are running before the first split (on a loaded machine they may start late).
        await Task.WhenAll(started.Select(s => s.Task));
        var random = new Random(7);
        for (var i = 0; i < 300; i++)
        {
            var parts = source.Map.PartitionsOf(1);
            var p = parts[random.Next(parts.Count)];
            if (p.Range.Last > p.Range.Lo)
            {
                var width = p.Range.Last - p.Range.Lo;
                foreach (var e in source.Map.Apply(new SplitPartition(p.GroupId, p.Range.Lo + 1 + ((ulong)random.NextInt64() % width))).Events)
                {
                    Assert.Equal(MemDsApplyStatus.Applied, store.Apply(e));
                }
            }
        }

        stop.Cancel();
        await Task.WhenAll(readers);
        Assert.Equal(0, bad);
        Assert.True(lookups > 0);
        AssertSameRoutes(source.Map, store);
    }

    private static MemDsStore Fed(RecordedMap source)
    {
        var store = new MemDsStore();
        foreach (var e in source.Events)
        {
            Assert.Equal(MemDsApplyStatus.Applied, store.Apply(e));
        }

        return store;
    }

    private static void AssertSameRoutes(PartitionMap map, MemDsStore store, IEnumerable<ulong>? hashes = null)
    {
        foreach (var table in map.Tables)
        {
            var parts = map.PartitionsOf(table.Id);
            Assert.Equal(table.Definition.ToArray(), store.FindTable(table.Id)!.Definition.ToArray());
            Assert.Equal(Encoded(parts), Encoded(store.PartitionsOf(table.Id)));
            foreach (var h in (hashes ?? []).Concat(parts.Select(p => p.Range.Lo)).Concat(parts.Select(p => p.Range.Last)))
            {
                Assert.True(store.TryFloor(table.Id, h, out var found));
                var expected = parts.Single(p => p.Range.Contains(h));
                Assert.Equal((expected.GroupId, expected.Range, expected.Version), (found.GroupId, found.Range, found.Version));
            }
        }

        Assert.Equal(map.Tables.Count(), map.Tables.Count(t => store.FindTable(t.Region, t.Name)?.Id == t.Id));
        Assert.All(map.Nodes, n => Assert.Equal(n, store.FindNode(n.Id)));
    }

    private static List<byte[]> Encoded(IEnumerable<PartitionInfo> partitions) =>
        [.. partitions.Select(p => new PartitionChanged(0, p).Encode())];
}
