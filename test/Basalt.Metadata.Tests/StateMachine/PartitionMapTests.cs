using Basalt.Metadata.Commands;
using Basalt.Metadata.Events;
using Basalt.Metadata.Model;
using Basalt.Metadata.StateMachine;

namespace Basalt.Metadata.Tests.StateMachine;

public sealed class PartitionMapTests
{
    [Fact]
    public void CreateTable_TilesTheHashSpaceWithEvenRanges_LikeTodaysPartitionRouting()
    {
        var map = Maps.WithNodes();
        var created = Assert.IsType<TableCreated>(Assert.Single(map.Applied(Maps.Table("t", partitions: 3)).Events));
        var parts = created.Partitions;
        Assert.Equal(3, parts.Length);
        Assert.Equal(0UL, parts[0].Range.Lo);
        Assert.Equal(ulong.MaxValue, parts[2].Range.Last);
        for (var i = 0; i < parts.Length; i++)
        {
            Assert.Equal(PartitionInfo.GroupIdOf(created.Table.Id, i), parts[i].GroupId);

            // Partition i owns h exactly when ⌊h·n / 2⁶⁴⌋ = i (src/Basalt.Api/Replicas/PartitionRouting.cs).
            Assert.Equal(i, (int)(((UInt128)parts[i].Range.Lo * 3) >> 64));
            Assert.Equal(i, (int)(((UInt128)parts[i].Range.Last * 3) >> 64));
        }
    }

    [Fact]
    public void CreateTable_PlacesEachPartitionsReplicasInThreeZones_OnTheLeastLoadedNodes()
    {
        var map = Maps.WithNodes(nodes: 6, zones: 3);
        map.Applied(Maps.Table("t", partitions: 4));
        foreach (var p in map.PartitionsOf(1))
        {
            Assert.Equal(3, p.Replicas.Select(r => r.Zone).Distinct().Count());
            Assert.All(p.Replicas, r => Assert.Equal(ReplicaKind.Full, r.Kind));
        }

        // 12 replicas over 6 nodes: two each.
        Assert.All(map.ReplicaCounts().Values, c => Assert.Equal(2, c));
    }

    [Fact]
    public void CreateTable_WithFewerZonesThanReplicas_IsRejected()
    {
        var map = Maps.WithNodes(nodes: 6, zones: 2);
        Assert.Contains("zones", map.Rejected(Maps.Table("t")).Error, StringComparison.Ordinal);
        map.Applied(Maps.Table("single", replicas: 1));
    }

    [Fact]
    public void TableNamesAreUniquePerRegion_AndIdsAreNeverReused()
    {
        var map = Maps.WithNodes();
        map.Applied(Maps.Table("t"));
        map.Rejected(Maps.Table("t"));
        map.Applied(Maps.Table("t") with { Region = "eu-west-1" });
        map.Applied(new DeleteTable(Maps.Region, "t"));
        var again = Assert.IsType<TableCreated>(map.Applied(Maps.Table("t")).Events[0]);
        Assert.Equal(3UL, again.Table.Id);
        map.Rejected(Maps.Table("u", id: 2));
        Assert.Equal(10UL, Assert.IsType<TableCreated>(map.Applied(Maps.Table("v", id: 10)).Events[0]).Table.Id);
        Assert.Equal(11UL, Assert.IsType<TableCreated>(map.Applied(Maps.Table("w")).Events[0]).Table.Id);
        map.Rejected(Maps.Table("x", id: PartitionMap.MaxTableId + 1));
    }

    [Fact]
    public void EveryChange_MovesTheVersionOnByOne_AndRejectionsOrNoOpsDoNot()
    {
        var map = Maps.WithNodes(nodes: 3);
        Assert.Equal(3UL, map.Version);
        Assert.Equal(4UL, map.Applied(Maps.Table("t")).Events[0].Version);
        var group = map.PartitionsOf(1)[0].GroupId;
        Assert.Equal(5UL, map.Applied(new SetLeader(group, 2)).Events[0].Version);
        Assert.Equal(ApplyStatus.Unchanged, map.Apply(new SetLeader(group, 2)).Status);
        map.Rejected(new SetLeader(group, 99));
        Assert.Equal(ApplyStatus.Unchanged, map.Apply(new RegisterNode(1, "z0", "10.0.0.1:7000")).Status);
        Assert.Equal(5UL, map.Version);
        Assert.Equal(5UL, map.FindGroup(group)!.Version);
    }

    [Fact]
    public void RegisterNode_MayChangeAnAddress_ButNotTheZoneOfANodeHoldingReplicas()
    {
        var map = Maps.WithNodes(nodes: 4);
        map.Applied(new RegisterNode(4, "z9", "moved:1"));
        map.Applied(Maps.Table("t", replicas: 3));
        var holder = map.PartitionsOf(1)[0].Replicas[0];
        map.Applied(new RegisterNode(holder.NodeId, holder.Zone, "new-address:7000"));
        map.Rejected(new RegisterNode(holder.NodeId, "elsewhere", "new-address:7000"));
        map.Rejected(new RegisterNode(0, "z", "a"));
    }

    [Fact]
    public void SetLeader_NeedsAFullReplica()
    {
        var map = Maps.WithNodes(nodes: 4, zones: 4);
        map.Applied(Maps.Table("t"));
        var p = map.PartitionsOf(1)[0];
        var outsider = map.Nodes.Select(n => n.Id).First(id => p.ReplicaOn(id) is null);
        map.Rejected(new SetLeader(p.GroupId, outsider));
        map.Rejected(new SetLeader(12345, p.Replicas[0].NodeId));
        map.Applied(new ReplaceReplica(p.GroupId, p.Replicas[0].NodeId, p.Replicas[0].NodeId, ReplicaKind.Log));
        map.Rejected(new SetLeader(p.GroupId, p.Replicas[0].NodeId));
        map.Applied(new SetLeader(p.GroupId, p.Replicas[1].NodeId));
    }

    [Fact]
    public void ReplaceReplica_HealsWithALogReplicaThenAFullOne_KeepingZonesDistinct()
    {
        // Zones: z0 {1,4}, z1 {2,5}, z2 {3,6}. The table's one partition lands on 1, 2, 3.
        var map = Maps.WithNodes(nodes: 6, zones: 3);
        map.Applied(Maps.Table("t"));
        var g = map.PartitionsOf(1)[0].GroupId;
        map.Applied(new SetLeader(g, 1));

        // Node 1 fails: a log replica in its zone (node 4) restores the quorum; 5 is in z1 with node 2.
        map.Rejected(new ReplaceReplica(g, 1, 5, ReplicaKind.Log));
        map.Rejected(new ReplaceReplica(g, 1, 2, ReplicaKind.Log));
        map.Rejected(new ReplaceReplica(g, 1, 77, ReplicaKind.Log));
        var healed = Assert.IsType<PartitionChanged>(map.Applied(new ReplaceReplica(g, 1, 4, ReplicaKind.Log)).Events[0]).Partition;
        Assert.Equal([2UL, 3, 4], healed.Replicas.Select(r => r.NodeId));
        Assert.Equal(ReplicaKind.Log, healed.ReplicaOn(4)!.Value.Kind);
        Assert.Equal(0UL, healed.LeaderHint);

        // The full replica is built in the background, then replaces the log replica.
        map.Applied(new ReplaceReplica(g, 4, 4, ReplicaKind.Full));
        Assert.Equal(ApplyStatus.Unchanged, map.Apply(new ReplaceReplica(g, 4, 4, ReplicaKind.Full)).Status);
        Assert.All(map.FindGroup(g)!.Replicas, r => Assert.Equal(ReplicaKind.Full, r.Kind));
        Assert.Null(MapInvariants.Check(map.Image()));
    }

    [Fact]
    public void SplitPartition_KeepsTheGroupForTheLeftHalf_AndGivesTheRightANewGroup()
    {
        var map = Maps.WithNodes();
        map.Applied(Maps.Table("t", partitions: 2));
        var first = map.PartitionsOf(1)[0];
        map.Applied(new SetLeader(first.GroupId, first.Replicas[1].NodeId));
        var split = Assert.IsType<PartitionSplit>(map.Applied(new SplitPartition(first.GroupId, 1000)).Events[0]);
        Assert.Equal(first.GroupId, split.Left.GroupId);
        Assert.Equal(new HashRange(0, 999), split.Left.Range);
        Assert.Equal(PartitionInfo.GroupIdOf(1, 2), split.Right.GroupId);
        Assert.Equal(new HashRange(1000, first.Range.Last), split.Right.Range);
        Assert.Equal(first.Replicas, split.Right.Replicas);
        Assert.Equal(first.Replicas[1].NodeId, split.Right.LeaderHint);
        Assert.Equal([0UL, 1000, map.PartitionsOf(1)[2].Range.Lo], map.PartitionsOf(1).Select(p => p.Range.Lo));

        map.Rejected(new SplitPartition(first.GroupId, 0));
        map.Rejected(new SplitPartition(first.GroupId, 1000));
        map.Applied(new SplitPartition(first.GroupId, 999));
        Assert.Equal(new HashRange(999, 999), map.FindGroup(PartitionInfo.GroupIdOf(1, 3))!.Range);
        Assert.Null(MapInvariants.Check(map.Image()));
    }

    [Fact]
    public void DeleteTable_RemovesItsGroups()
    {
        var map = Maps.WithNodes();
        map.Applied(Maps.Table("t", partitions: 2));
        var g = map.PartitionsOf(1)[0].GroupId;
        Assert.IsType<TableDeleted>(map.Applied(new DeleteTable(Maps.Region, "t")).Events[0]);
        Assert.Null(map.FindGroup(g));
        Assert.Null(map.FindTable(Maps.Region, "t"));
        Assert.Empty(map.PartitionsOf(1));
        map.Rejected(new DeleteTable(Maps.Region, "t"));
        map.Rejected(new SetLeader(g, 1));
    }

    [Fact]
    public void UpdateTable_ReplacesTheDefinition()
    {
        var map = Maps.WithNodes();
        map.Applied(Maps.Table("t"));
        map.Applied(new UpdateTable(1, new byte[] { 42 }));
        Assert.Equal([42], map.FindTable(Maps.Region, "t")!.Definition.ToArray());
        Assert.Equal(ApplyStatus.Unchanged, map.Apply(new UpdateTable(1, new byte[] { 42 })).Status);
        map.Rejected(new UpdateTable(2, new byte[] { 42 }));
    }

    [Fact]
    public void Snapshot_RestoresToTheSameBytes_AndDamageIsDetected()
    {
        var map = Maps.WithNodes();
        map.Applied(Maps.Table("t", partitions: 5));
        map.Applied(new SplitPartition(map.PartitionsOf(1)[4].GroupId, ulong.MaxValue - 3));
        var bytes = map.Snapshot();
        Assert.Equal(bytes, PartitionMap.FromSnapshot(bytes).Snapshot());

        for (var i = 0; i < bytes.Length; i += 7)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[i] ^= 0x10;
            Assert.Throws<InvalidDataException>(() => PartitionMap.FromSnapshot(damaged));
        }

        Assert.Throws<InvalidDataException>(() => PartitionMap.FromSnapshot(bytes.AsSpan(0, bytes.Length - 1)));
    }

    [Fact]
    public void Restore_RefusesAMapWhoseRangesDoNotTile()
    {
        var map = Maps.WithNodes();
        map.Applied(Maps.Table("t", partitions: 2));
        var image = map.Image();
        var t = image.Tables[0];
        var broken = image with { Tables = [t with { Partitions = [t.Partitions[0]] }] };
        Assert.Contains("end of the hash space", MapInvariants.Check(broken), StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => new PartitionMap().Restore(broken));
        Assert.Throws<InvalidDataException>(() => PartitionMap.FromSnapshot(broken.Encode()));
    }
}
