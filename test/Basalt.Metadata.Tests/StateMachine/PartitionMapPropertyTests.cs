using Basalt.Metadata.Commands;
using Basalt.Metadata.Events;
using Basalt.Metadata.Model;
using Basalt.Metadata.StateMachine;
using CsCheck;

namespace Basalt.Metadata.Tests.StateMachine;

/// <summary>Properties of the state machine over random command sequences.</summary>
public sealed class PartitionMapPropertyTests
{
    [Fact]
    public void ApplyIsDeterministic_TheSameCommandsGiveTheSameEventsAndSnapshotBytes()
    {
        CommandScript.Steps.Sample(steps =>
        {
            var commands = CommandScript.Materialize(steps);
            var a = new PartitionMap();
            var b = new PartitionMap();
            foreach (var command in commands)
            {
                // b sees each command as a Raft log entry would carry it.
                var ea = a.Apply(command);
                var eb = b.Apply(command.Encode());
                Assert.Equal(ea.Status, eb.Status);
                Assert.Equal(Encoded(ea.Events), Encoded(eb.Events));
            }

            Assert.Equal(a.Snapshot(), b.Snapshot());
        }, iter: 200);
    }

    [Fact]
    public void EveryMapReached_KeepsItsInvariants_ZonesDistinctAndRangesTilingTheHashSpace()
    {
        CommandScript.Steps.Sample(steps =>
        {
            var map = new PartitionMap();
            foreach (var command in CommandScript.Materialize(steps))
            {
                map.Apply(command);
                Assert.Null(MapInvariants.Check(map.Image()));
                foreach (var table in map.Tables)
                {
                    var parts = map.PartitionsOf(table.Id);
                    Assert.Equal(0UL, parts[0].Range.Lo);
                    Assert.Equal(ulong.MaxValue, parts[^1].Range.Last);
                    for (var i = 1; i < parts.Count; i++)
                    {
                        Assert.Equal((UInt128)parts[i].Range.Lo, parts[i - 1].Range.Hi);
                    }

                    Assert.All(parts, p => Assert.Equal(p.Replicas.Length, p.Replicas.Select(r => r.Zone).Distinct().Count()));
                }
            }
        }, iter: 200);
    }

    [Fact]
    public void VersionsStrictlyIncrease_ByOnePerChange_AndEntriesNeverRunAhead()
    {
        CommandScript.Steps.Sample(steps =>
        {
            var map = new PartitionMap();
            foreach (var command in CommandScript.Materialize(steps))
            {
                var before = map.Version;
                var result = map.Apply(command);
                if (result.Status == ApplyStatus.Applied)
                {
                    var e = Assert.Single(result.Events);
                    Assert.Equal(before + 1, e.Version);
                    Assert.Equal(before + 1, map.Version);
                }
                else
                {
                    Assert.Empty(result.Events);
                    Assert.Equal(before, map.Version);
                }
            }
        }, iter: 200);
    }

    [Fact]
    public void ARestoredSnapshot_CarriesOnExactlyLikeTheOriginal()
    {
        Gen.Select(CommandScript.Steps, Gen.Int[0, 80]).Sample((steps, cut) =>
        {
            var commands = CommandScript.Materialize(steps);
            var original = new PartitionMap();
            var restored = new PartitionMap();
            for (var i = 0; i < commands.Count; i++)
            {
                if (i == Math.Min(cut, commands.Count - 1))
                {
                    restored = PartitionMap.FromSnapshot(original.Snapshot());
                }

                Assert.Equal(Encoded(original.Apply(commands[i]).Events), Encoded(restored.Apply(commands[i]).Events));
            }

            Assert.Equal(original.Snapshot(), restored.Snapshot());
        }, iter: 200);
    }

    [Fact]
    public void Placement_KeepsTheNodesOfAZoneWithinOneReplicaOfEachOther()
    {
        // Nodes over uneven zones, then only table creations: a zone's least-loaded node is always chosen.
        var gen = Gen.Select(Gen.Int[3, 5].Array[3, 12], Gen.Int[1, 6].Array[1, 15]);
        gen.Sample((zones, tables) =>
        {
            var map = new PartitionMap();
            for (var i = 0; i < zones.Length; i++)
            {
                map.Applied(new RegisterNode((ulong)i + 1, "z" + (zones[i] % 3 == 0 ? zones[i] : zones[i] % 3), "a"));
            }

            for (var t = 0; t < tables.Length; t++)
            {
                map.Apply(Maps.Table("t" + t, partitions: tables[t]));
            }

            var counts = map.ReplicaCounts();
            foreach (var zone in map.Nodes.GroupBy(n => n.Zone))
            {
                var loads = zone.Select(n => counts[n.Id]).ToList();
                Assert.True(loads.Max() - loads.Min() <= 1, $"zone {zone.Key}: {string.Join(",", loads)}");
            }
        }, iter: 200);
    }

    [Fact]
    public void Placement_OverEqualZones_BalancesEveryNodeWithinOneReplica()
    {
        Gen.Select(Gen.Int[1, 4], Gen.Int[1, 8].Array[1, 10]).Sample((perZone, tables) =>
        {
            var map = Maps.WithNodes(nodes: perZone * 3, zones: 3);
            for (var t = 0; t < tables.Length; t++)
            {
                map.Applied(Maps.Table("t" + t, partitions: tables[t]));
            }

            var loads = map.ReplicaCounts().Values.ToList();
            Assert.True(loads.Max() - loads.Min() <= 1, string.Join(",", loads));
        }, iter: 200);
    }

    private static List<byte[]> Encoded(IEnumerable<MapEvent> events) => [.. events.Select(e => e.Encode())];
}
