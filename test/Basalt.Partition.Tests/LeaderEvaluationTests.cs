using Basalt.Replication;
using static Basalt.Partition.Tests.Writes;

namespace Basalt.Partition.Tests;

/// <summary>Writers evaluate on the leader against storage plus its own pending proposals.</summary>
public class LeaderEvaluationTests
{
    [Fact]
    public async Task A_single_replica_group_elects_itself_writes_and_reads_strongly()
    {
        using var cluster = await TestCluster.StartAsync(1);
        var leader = cluster.Elect(1);
        Assert.Equal(RaftRole.Leader, leader.Role);

        var put = await StartAsync(leader, "k", "v1");
        cluster.Pump();
        Assert.True(put.IsCompletedSuccessfully);
        Assert.Equal(ProposalOutcome.Applied, await put);
        Assert.Equal("v1", Stored(leader.Engine, "k"));

        var read = leader.ReadIndexAsync();
        Assert.True(read.IsCompletedSuccessfully, "a single voter always holds the lease");
        Assert.True(leader.WaitAppliedAsync(await read).IsCompletedSuccessfully);
        Assert.Equal("v1", Stored(leader.Engine, "k"));
    }

    [Fact]
    public async Task A_second_write_of_a_key_evaluates_against_the_first_ones_pending_image()
    {
        using var cluster = await TestCluster.StartAsync(3);
        var leader = cluster.Elect(1);

        // Increment a counter twice without waiting for the first increment to commit.
        var first = await IncrementAsync(leader);
        Assert.Equal("1", Text(leader.ReadLatest(Key("n"))));
        Assert.Null(Stored(leader.Engine, "n"));
        var second = await IncrementAsync(leader);
        Assert.Equal("2", Text(leader.ReadLatest(Key("n"))));
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);

        cluster.Pump();
        Assert.Equal(ProposalOutcome.Applied, await first);
        Assert.Equal(ProposalOutcome.Applied, await second);
        Assert.Equal("2", Text(leader.ReadLatest(Key("n"))));
        cluster.Tick(2);
        foreach (var node in cluster.Nodes.Values)
        {
            Assert.Equal("2", Stored(node.Engine, "n"));
        }

        static async Task<Task<ProposalOutcome>> IncrementAsync(PartitionReplica leader)
        {
            var term = leader.BeginWrite();
            using (await leader.Latches.AcquireAsync(Key("n")))
            {
                var current = Text(leader.ReadLatest(Key("n")));
                var next = (current is null ? 1 : int.Parse(current, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return leader.ProposeAsync(term, Command("n", next));
            }
        }
    }

    [Fact]
    public async Task Followers_never_see_an_uncommitted_image_even_with_the_entry_in_their_log()
    {
        using var cluster = await TestCluster.StartAsync(3);
        var leader = cluster.Elect(1);
        var put = await StartAsync(leader, "k", "v");

        // The leader persists and sends; the followers persist and answer; the answers are held back.
        Assert.True(TestCluster.Process(cluster.Nodes[1]));
        Assert.True(cluster.Transport.DeliverAll() >= 2);
        foreach (var id in new ulong[] { 2, 3 })
        {
            Assert.True(TestCluster.Process(cluster.Nodes[id]));
        }

        foreach (var id in new ulong[] { 2, 3 })
        {
            var follower = cluster.Replica(id);
            Assert.Null(follower.ReadLatest(Key("k")));
            Assert.Null(Stored(follower.Engine, "k"));
            Assert.True(follower.CommitIndex < leader.CommitIndex + 1);
            Assert.Throws<ReplicaUnavailableException>(() => follower.BeginWrite());
            var e = Refuses<ReplicaUnavailableException>(() => follower.ReadIndexAsync());
            Assert.Equal(1UL, e.LeaderHint);
        }

        Assert.Null(Stored(leader.Engine, "k"));
        Assert.False(put.IsCompleted);

        cluster.Pump();
        Assert.Equal(ProposalOutcome.Applied, await put);
        cluster.Tick(2);
        foreach (var id in new ulong[] { 2, 3 })
        {
            Assert.Equal("v", Text(cluster.Replica(id).ReadLatest(Key("k"))));
        }
    }

    [Fact]
    public async Task A_strong_read_after_an_acknowledged_write_sees_it_through_a_read_index_round()
    {
        using var cluster = await TestCluster.StartAsync(3);
        var leader = cluster.Elect(1);
        var put = await StartAsync(leader, "k", "v");
        cluster.Pump();
        Assert.Equal(ProposalOutcome.Applied, await put);

        // Past the lease (the clocks moved with no acknowledgement), so the read needs a quorum round.
        cluster.Transport.Isolate(1);
        cluster.Tick(8);
        Assert.True(leader.IsServing);
        var read = leader.ReadIndexAsync();
        Assert.False(read.IsCompleted);
        cluster.Transport.HealAll();
        cluster.Tick();
        Assert.True(read.IsCompletedSuccessfully);
        var index = await read;
        Assert.True(index >= leader.AppliedIndex - 1);
        var applied = leader.WaitAppliedAsync(index);
        cluster.Pump();
        Assert.True(applied.IsCompletedSuccessfully);
        Assert.Equal("v", Stored(leader.Engine, "k"));
    }

    [Fact]
    public async Task A_malformed_command_is_refused_before_it_reaches_the_log()
    {
        using var cluster = await TestCluster.StartAsync(3);
        var leader = cluster.Elect(1);
        var term = leader.BeginWrite();
        var applied = leader.AppliedIndex;
        Refuses<Basalt.Model.CorruptDataException>(() => leader.ProposeAsync(term, [1, 0, 0, 0, 1]));
        cluster.Pump();
        cluster.Tick(3);
        Assert.Equal(applied, leader.AppliedIndex);
        Assert.Equal(applied, cluster.Replica(2).AppliedIndex);
    }

    [Fact]
    public async Task Confirming_an_evaluation_without_a_proposal_waits_for_the_pending_image_it_read()
    {
        using var cluster = await TestCluster.StartAsync(3);
        var leader = cluster.Elect(1);
        var term = leader.BeginWrite();

        var nothingPending = leader.ConfirmLatestAsync(term, [Key("k")]);
        Assert.True(nothingPending.IsCompletedSuccessfully, "nothing pending and the lease held: confirmed at once");

        var put = await StartAsync(leader, "k", "v");
        var other = await StartAsync(leader, "other", "x");
        var confirm = leader.ConfirmLatestAsync(term, [Key("k")]);
        Assert.False(confirm.IsCompleted);
        cluster.Pump();
        Assert.True(confirm.IsCompletedSuccessfully);
        Assert.Equal(ProposalOutcome.Applied, await put);
        Assert.Equal(ProposalOutcome.Applied, await other);
        Assert.True(leader.ConfirmLatestAsync(term, [Key("k"), Key("other")]).IsCompletedSuccessfully);

        cluster.Elect(2);
        Refuses<ReplicaUnavailableException>(() => leader.ConfirmLatestAsync(term, [Key("k")]));
    }

    [Fact]
    public async Task Confirming_needs_the_leadership_confirmed_after_the_evaluation_when_the_lease_is_gone()
    {
        using var cluster = await TestCluster.StartAsync(3);
        var leader = cluster.Elect(1);
        var put = await StartAsync(leader, "k", "v");
        cluster.Pump();
        Assert.Equal(ProposalOutcome.Applied, await put);

        // Cut off past its lease, the leader cannot tell whether a newer leader committed something.
        cluster.Transport.Isolate(1);
        cluster.Tick(8);
        var term = leader.BeginWrite();
        var confirm = leader.ConfirmLatestAsync(term, [Key("k")]);
        cluster.Pump();
        Assert.False(confirm.IsCompleted);
        cluster.Transport.HealAll();
        cluster.Tick();
        Assert.True(confirm.IsCompletedSuccessfully);

        // Cut off until it steps down: the evaluation is void.
        cluster.Transport.Isolate(1);
        cluster.Tick(8);
        var deposed = leader.ConfirmLatestAsync(leader.BeginWrite(), [Key("k")]);
        cluster.TickUntil(() => leader.Role != RaftRole.Leader);
        await Assert.ThrowsAsync<ReplicaUnavailableException>(() => deposed);
    }
}
