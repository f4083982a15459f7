using Basalt.Metadata.Commands;
using Basalt.Metadata.Events;
using Basalt.Metadata.Group;
using Basalt.Metadata.MemDs;
using Basalt.Metadata.StateMachine;
using Basalt.Metadata.Tests.StateMachine;
using Basalt.Replication;
using CsCheck;

namespace Basalt.Metadata.Tests.Group;

/// <summary>The partition map replicated by a real Raft group of three.</summary>
public sealed class MetaGroupTests
{
    [Fact]
    public void CommandsCommittedThroughRaft_AreAppliedIdenticallyOnAllThree_AcrossLeaderChanges()
    {
        // Random commands, proposed to whoever leads; between some of them the leader is cut off
        // until another is elected. Every member ends with the same events and snapshot bytes.
        Gen.Select(CommandScript.Steps, Gen.Int[0, 1000].Array[80]).Sample((steps, disruptions) =>
        {
            var group = new MetaGroupHarness();
            group.Elect(1);
            var commands = CommandScript.Materialize(steps);
            var expected = new PartitionMap();
            for (var i = 0; i < commands.Count; i++)
            {
                if (disruptions[i] % 10 == 0)
                {
                    var old = group.WaitForLeader().Id;
                    group.Isolate(old);
                    group.TickAll(30);
                    group.Heal();
                }

                var result = ProposeUntilApplied(group, commands[i]);
                var reference = expected.Apply(commands[i]);
                Assert.Equal(reference.Status, result.Status);
            }

            group.TickAll(3);
            var bytes = expected.Snapshot();
            foreach (var (id, member) in group.Members)
            {
                Assert.Equal(bytes, member.Map.Snapshot());
                Assert.Equal(Encoded(group.Events[1]), Encoded(group.Events[id]));
            }
        }, iter: 25, threads: 1);
    }

    [Fact]
    public async Task AFollowerThatFellBehindTheLog_CatchesUpFromASnapshot()
    {
        var group = new MetaGroupHarness(compactionThreshold: 4);
        group.Elect(1);
        group.Isolate(3);
        foreach (var c in Maps.Nodes(6, 3))
        {
            ProposeUntilApplied(group, c);
        }

        for (var t = 0; t < 5; t++)
        {
            ProposeUntilApplied(group, Maps.Table("t" + t, partitions: 2));
        }

        Assert.True(group[1].Raft.SnapshotIndex > 0);
        Assert.Equal(0UL, group[3].Map.Version);
        group.Heal();
        group.TickAll(3);
        Assert.True(group.PersistedSnapshotIndex(3) > 0, "node 3 should have installed the leader's snapshot");
        Assert.Equal(group[1].Map.Snapshot(), group[3].Map.Snapshot());

        // Node 3's change stream starts at the snapshot: a MemDS reading it from version 0 resyncs.
        var store = new MemDsStore();
        var sync = new MemDsSync(store, group[3]);
        await sync.PollAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, sync.Resyncs);
        Assert.Equal(group[1].Map.Version, store.Version);
    }

    [Fact]
    public void ARestartedMember_RebuildsTheSameMapFromItsSnapshotAndLog()
    {
        var group = new MetaGroupHarness(compactionThreshold: 5);
        group.Elect(1);
        foreach (var c in Maps.Nodes(3, 3))
        {
            ProposeUntilApplied(group, c);
        }

        for (var t = 0; t < 4; t++)
        {
            ProposeUntilApplied(group, Maps.Table("t" + t, partitions: 3));
        }

        var before = group[2].Map.Snapshot();
        Assert.True(group.PersistedSnapshotIndex(2) > 0);
        group.Restart(2);
        group.TickAll(3);
        Assert.Equal(before, group[2].Map.Snapshot());
    }

    [Fact]
    public async Task AProposalWhoseEntryANewLeaderOverwrote_FailsAsLost()
    {
        var group = new MetaGroupHarness();
        group.Elect(1);
        ProposeUntilApplied(group, new RegisterNode(1, "z0", "a"));
        group.Isolate(1);
        var doomed = group[1].Propose(new RegisterNode(2, "z1", "b"));
        Assert.True(doomed.Outcome.Accepted);
        group.Stabilize();
        Assert.False(doomed.Applied!.IsCompleted);

        group.TickAll(30);
        var newLeader = new[] { group[2], group[3] }.Single(m => m.Role == RaftRole.Leader);
        Assert.NotEqual(RaftRole.Leader, group[1].Role);
        var winner = newLeader.Propose(new RegisterNode(3, "z2", "c"));
        group.Stabilize();
        group.Heal();
        group.TickAll(3);
        Assert.Equal(ApplyStatus.Applied, (await winner.Applied!).Status);
        await Assert.ThrowsAsync<MetaProposalLostException>(() => doomed.Applied);
        Assert.Null(group[1].Map.Nodes.FirstOrDefault(n => n.Id == 2));
    }

    [Fact]
    public void AFollower_DoesNotTakeProposals()
    {
        var group = new MetaGroupHarness();
        group.Elect(1);
        var proposal = group[2].Propose(new RegisterNode(1, "z0", "a"));
        Assert.Equal(ProposeStatus.NotLeader, proposal.Outcome.Status);
        Assert.Null(proposal.Applied);
    }

    /// <summary>Proposes to the current leader and runs the group until the command is applied; retries a lost proposal.</summary>
    private static ApplyResult ProposeUntilApplied(MetaGroupHarness group, MetaCommand command)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var proposal = group.WaitForLeader().Propose(command);
            if (!proposal.Outcome.Accepted)
            {
                group.TickAll();
                continue;
            }

            group.Stabilize();
            for (var i = 0; i < 50 && !proposal.Applied!.IsCompleted; i++)
            {
                group.TickAll();
            }

            if (proposal.Applied!.IsCompletedSuccessfully)
            {
                return proposal.Applied.Result;
            }
        }

        throw new InvalidOperationException($"{command} was never applied.");
    }

    private static List<byte[]> Encoded(IEnumerable<MapEvent> events) => [.. events.Select(e => e.Encode())];
}
