using Basalt.Metadata.Commands;
using Basalt.Metadata.Events;
using Basalt.Metadata.MemDs;
using Basalt.Metadata.Model;
using Basalt.Metadata.StateMachine;
using Basalt.Router.Routing;
using Microsoft.Extensions.Time.Testing;

namespace Basalt.Router.Tests.Routing;

/// <summary>
/// A partition map, a MemDS store fed from it, a MemDS reached over a virtual-time network, and a
/// router's cache — one table of <see cref="Partitions"/> partitions on six nodes in three zones.
/// </summary>
internal sealed class RoutingWorld
{
    public const ulong Table = 1;

    public RoutingWorld(int partitions = 4)
    {
        MemDs = new FakeMemDs(Store, Clock);
        Cache = new RouteCache(MemDs);
        for (var i = 1; i <= 6; i++)
        {
            Change(new RegisterNode((ulong)i, "z" + (i % 3), $"10.0.0.{i}:7000"));
        }

        Change(new CreateTable("us-east-1", "t", 0, partitions, 3, new byte[] { 1 }));
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public PartitionMap Map { get; } = new();

    public MemDsStore Store { get; } = new();

    public FakeMemDs MemDs { get; }

    public RouteCache Cache { get; }

    /// <summary>Events applied to the map but not yet delivered to MemDS (see <see cref="Change"/>).</summary>
    public List<MapEvent> Undelivered { get; } = [];

    public IReadOnlyList<PartitionInfo> Partitions => Map.PartitionsOf(Table);

    /// <summary>Applies a command to the map and (unless held back) delivers its events to MemDS.</summary>
    public void Change(MetaCommand command, bool deliver = true)
    {
        var result = Map.Apply(command);
        Assert.Equal(ApplyStatus.Applied, result.Status);
        Undelivered.AddRange(result.Events);
        if (deliver)
        {
            Deliver();
        }
    }

    public void Deliver()
    {
        foreach (var e in Undelivered)
        {
            Assert.Equal(MemDsApplyStatus.Applied, Store.Apply(e));
        }

        Undelivered.Clear();
    }

    /// <summary>Moves virtual time on and lets due MemDS answers arrive.</summary>
    public void Advance(TimeSpan by)
    {
        Clock.Advance(by);
        MemDs.Pump();
    }

    /// <summary>One request for <paramref name="hash"/>, resolved and with every answer delivered.</summary>
    public PartitionInfo Resolve(ulong hash)
    {
        var route = Cache.ResolveAsync(Table, hash, TestContext.Current.CancellationToken);
        Advance(MemDs.Latency);
        Assert.True(route.IsCompletedSuccessfully);
        return route.Result!;
    }
}
