using Basalt.Control.Autoadmin;
using Basalt.Control.Health;
using Basalt.Metadata.Commands;
using Basalt.Metadata.Model;
using Basalt.Metadata.StateMachine;
using Basalt.Protocol.Meta.V1;
using Microsoft.Extensions.Time.Testing;

namespace Basalt.Control.Tests.Autoadmin;

public sealed class HealingPolicyTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(3);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 19, 0, 0, TimeSpan.Zero));
    private readonly HealingPolicy _policy = new(new HealingOptions { DetectionWindow = Window });
    private readonly HealthBook _health;
    private readonly PartitionMap _map;

    public HealingPolicyTests()
    {
        _health = new HealthBook(_time);
        // Nodes 1..6 over zones z0 (1, 4), z1 (2, 5), z2 (3, 6); a table of 4 partitions, 3 replicas each.
        _map = Map(nodes: 6, zones: 3);
    }

    [Fact]
    public void NoActionWhileEveryNodeHeartbeats()
    {
        for (var i = 0; i < 10; i++)
        {
            BeatAll();
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.Empty(Decide());
        }
    }

    [Fact]
    public void OneSlowHeartbeatIsNotDeath_TheWholeWindowIs()
    {
        BeatAll();
        _time.Advance(Window - TimeSpan.FromMilliseconds(1));
        BeatAll(except: 1);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Empty(Decide());                      // exactly the window: not dead yet

        _time.Advance(TimeSpan.FromMilliseconds(1)); // just past it
        var actions = Decide();
        Assert.NotEmpty(actions);
        Assert.All(actions, a => Assert.Equal(1UL, a.From));
    }

    [Fact]
    public void ANodeNeverHeardFromCountsFromWhenTrackingStarted()
    {
        _health.Reset();
        _time.Advance(TimeSpan.FromSeconds(2));
        BeatAll(except: 2);
        Assert.Empty(Decide());

        _time.Advance(TimeSpan.FromSeconds(1.5));
        BeatAll(except: 2);
        Assert.All(Decide(), a => Assert.Equal(2UL, a.From));
        Assert.NotEmpty(Decide());
    }

    [Fact]
    public void EveryGroupOfTheDeadNodeGetsALogReplicaInTheSameZone()
    {
        var dead = 1UL;
        var actions = KillAndDecide(dead);

        var groups = GroupsOn(dead);
        Assert.Equal(groups, actions.Select(a => a.GroupId).Order().ToList());
        // Zone z0's other node is 4: the only node of the dead node's zone outside each group.
        Assert.All(actions, a => Assert.Equal(new ReplaceReplica(a.GroupId, dead, 4, ReplicaKind.Log), a));
        ApplyAll(actions);
        Assert.Null(MapInvariants.Check(_map.Image()));
    }

    [Fact]
    public void WithoutACandidateInTheDeadZoneAnUnusedZoneIsChosenLeastLoadedFirst()
    {
        // z0 has only node 1; zone z3 (unused by every group) has nodes 7 and 8, both empty.
        var map = Map(nodes: 3, zones: 3);
        map.Apply(new RegisterNode(7, "z3", "n7"));
        map.Apply(new RegisterNode(8, "z3", "n8"));
        var policyMap = map.Image();
        BeatAll(policyMap);
        _time.Advance(Window + TimeSpan.FromMilliseconds(1));
        BeatAll(policyMap, except: 1);

        var actions = _policy.Decide(policyMap, _health.Snapshot(), _health.Since, _time.GetUtcNow());

        Assert.NotEmpty(actions);
        Assert.All(actions, a => Assert.Equal((1UL, ReplicaKind.Log), (a.From, a.Kind)));
        // Load is spread: the two z3 nodes alternate, the emptier (then lower id) first.
        Assert.Equal(actions.Count, actions.Select(a => a.GroupId).Distinct().Count());
        var counts = actions.GroupBy(a => a.To).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal([7UL, 8UL], counts.Keys.Order());
        Assert.True(Math.Abs(counts[7] - counts[8]) <= 1);
        foreach (var a in actions)
        {
            Assert.Equal(ApplyStatus.Applied, map.Apply(a).Status);
        }
    }

    [Fact]
    public void NoHealthyNodeOutsideTheGroupsZonesMeansNoAction()
    {
        var map = Map(nodes: 3, zones: 3);
        var image = map.Image();
        BeatAll(image);
        _time.Advance(Window + TimeSpan.FromSeconds(1));
        BeatAll(image, except: 3);

        Assert.Empty(_policy.Decide(image, _health.Snapshot(), _health.Since, _time.GetUtcNow()));
    }

    [Fact]
    public void ALogReplicaIsPromotedOnceItsLeaderCountsItAndItCaughtUp()
    {
        var replaced = KillAndDecide(1);
        ApplyAll(replaced);
        var group = replaced[0].GroupId;
        var leader = _map.FindGroup(group)!.Replicas.First(r => r.Kind == ReplicaKind.Full).NodeId;

        // The leader does not list node 4 yet: no promotion.
        Beat(leader, new GroupState { Group = group, Leader = true, Term = 3, Commit = 100, Voters = { leader } });
        Beat(4, new GroupState { Group = group, Term = 3, Commit = 100, Kind = "log" });
        Assert.DoesNotContain(Decide(), a => a.GroupId == group);

        // Listed as a log replica but far behind: no promotion.
        Beat(leader, new GroupState { Group = group, Leader = true, Term = 3, Commit = 100, Voters = { leader }, LogReplicas = { 4 } });
        Beat(4, new GroupState { Group = group, Term = 3, Commit = 60, Kind = "log" });
        Assert.DoesNotContain(Decide(), a => a.GroupId == group);

        // Caught up (within the lag): promoted in place.
        Beat(4, new GroupState { Group = group, Term = 3, Commit = 90, Kind = "log" });
        var promote = Assert.Single(Decide(), a => a.GroupId == group);
        Assert.Equal(new ReplaceReplica(group, 4, 4, ReplicaKind.Full), promote);
        Assert.Equal(ApplyStatus.Applied, _map.Apply(promote).Status);
        Assert.Equal(ReplicaKind.Full, _map.FindGroup(group)!.ReplicaOn(4)!.Value.Kind);
    }

    [Fact]
    public void DecisionsAreDeterministic()
    {
        var first = KillAndDecide(2);
        var second = _policy.Decide(_map.Image(), _health.Snapshot(), _health.Since, _time.GetUtcNow());
        Assert.Equal(first, second);
    }

    private List<ReplaceReplica> KillAndDecide(ulong dead)
    {
        BeatAll();
        _time.Advance(Window + TimeSpan.FromMilliseconds(500));
        BeatAll(except: dead);
        return [.. Decide()];
    }

    private IReadOnlyList<ReplaceReplica> Decide() => _policy.Decide(_map.Image(), _health.Snapshot(), _health.Since, _time.GetUtcNow());

    private List<ulong> GroupsOn(ulong node) =>
        [.. _map.Tables.SelectMany(t => _map.PartitionsOf(t.Id)).Where(p => p.ReplicaOn(node) is not null).Select(p => p.GroupId).Order()];

    private void ApplyAll(IEnumerable<ReplaceReplica> actions)
    {
        foreach (var a in actions)
        {
            Assert.Equal(ApplyStatus.Applied, _map.Apply(a).Status);
        }
    }

    private void BeatAll(ulong except = 0) => BeatAll(_map.Image(), except);

    private void BeatAll(PartitionMapImage image, ulong except = 0)
    {
        foreach (var n in image.Nodes.Where(n => n.Id != except))
        {
            Beat(n.Id);
        }
    }

    private void Beat(ulong node, params GroupState[] groups)
    {
        var beat = new HeartbeatRequest { NodeId = node, Pid = (int)node };
        beat.Groups.Add(groups);
        _health.Record(beat);
    }

    private static PartitionMap Map(int nodes, int zones)
    {
        var map = new PartitionMap();
        for (var i = 1; i <= nodes; i++)
        {
            Assert.Equal(ApplyStatus.Applied, map.Apply(new RegisterNode((ulong)i, "z" + ((i - 1) % zones), $"n{i}")).Status);
        }

        Assert.Equal(ApplyStatus.Applied, map.Apply(new CreateTable("r", "t", 0, 4, 3, new byte[] { 1 })).Status);
        return map;
    }
}
