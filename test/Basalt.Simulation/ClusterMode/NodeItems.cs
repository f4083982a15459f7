using Basalt.Partition;
using Basalt.Protocol.Items.V1;
using Basalt.Replication;
using Basalt.Simulation.Clients;
using Basalt.Simulation.Partitions;
using Basalt.Storage;

namespace Basalt.Simulation.ClusterMode;

/// <summary>
/// A storage node's <c>Items.Execute</c> in cluster mode: the request runs leader-side exactly as
/// partition mode's <see cref="ItemClient"/> runs it (key latch, <c>BeginWrite</c>, <c>ReadLatest</c>,
/// evaluation, <c>ProposeAsync</c>; <c>ConfirmLatestAsync</c> for a write that changes nothing;
/// <c>ReadIndexAsync</c> + <c>WaitAppliedAsync</c> for a strong read). A replica that does not lead
/// answers a route correction naming the leader it knows. Checked here: a strong read is served only
/// by the replica that led the group, in the term the read began in.
/// </summary>
internal sealed class NodeItems(PartitionSimulation sim, SimRandom random, Func<string, SimKey> keyNamed, ClusterBugs bugs)
{
    private const long ReadTimeout = 100_000;
    private const long WriteTimeout = 1_000_000;

    public async Task<ExecuteReply> HandleAsync(SimHost host, ExecuteRequest request)
    {
        var (op, name, value, expected) = SimRequests.Parse(request);
        var key = keyNamed(name);
        if (host.Node?.Replica(key.Group) is not { } replica)
        {
            return SimRequests.Correction(key.Group, 0);
        }

        try
        {
            if (op == KvOp.Get)
            {
                return await ReadAsync(host, key, replica);
            }

            for (var attempt = 0; attempt < 4; attempt++)
            {
                var reply = await WriteAsync(op, key, value, expected, replica);
                if (reply is not null)
                {
                    return reply;
                }

                sim.Count("superseded");
            }

            return SimRequests.Reply(SimRequests.Unavailable);
        }
        catch (ReplicaUnavailableException e)
        {
            sim.Count("corrections");
            return SimRequests.Correction(key.Group, e.LeaderHint);
        }
        catch (ObjectDisposedException)
        {
            // The node lost power under an engine read; the executor sees the connection break.
            return SimRequests.Reply(SimRequests.Unavailable);
        }
    }

    private async Task<ExecuteReply> ReadAsync(SimHost host, SimKey key, PartitionReplica replica)
    {
        var term = replica.Term;
        var leading = replica.Role == RaftRole.Leader;
        if (!bugs.HasFlag(ClusterBugs.ReadWithoutLeading))
        {
            var read = replica.ReadIndexAsync();
            if (!await sim.WithinAsync(read, ReadTimeout))
            {
                return SimRequests.Reply(SimRequests.Unavailable);
            }

            var applied = replica.WaitAppliedAsync(await read);
            if (!await sim.WithinAsync(applied, ReadTimeout))
            {
                return SimRequests.Reply(SimRequests.Unavailable);
            }

            await applied;
        }

        var stored = sim.Bugs.HasFlag(PartitionBugs.ReadPending)
            ? replica.ReadLatest(key.ItemKey)
            : replica.Engine.Get(ColumnFamily.Data, key.ItemKey);
        sim.CheckStrongRead(host.Id, key, term, leading);
        return SimRequests.Reply(SimRequests.Ok, SimItems.ValueOf(stored));
    }

    /// <summary>The reply, or null when the proposal was superseded (nothing happened: evaluate again).</summary>
    private async Task<ExecuteReply?> WriteAsync(KvOp op, SimKey key, string? value, string? expected, PartitionReplica replica)
    {
        var itemKey = key.ItemKey;
        Task<ProposalOutcome>? proposal = null;
        Task? confirmation = null;
        string? current;
        using (sim.Bugs.HasFlag(PartitionBugs.NoLatch) ? default : await replica.Latches.AcquireAsync(itemKey))
        {
            var term = replica.BeginWrite();
            current = SimItems.ValueOf(replica.ReadLatest(itemKey));
            await sim.Delay(random.NextLong(0, 2_000));
            var batch = new WriteBatch();
            switch (op)
            {
                case KvOp.Put:
                case KvOp.Update when current == expected:
                    batch.Put(ColumnFamily.Data, itemKey, SimItems.Encode(key.Name, value!));
                    break;
                case KvOp.Delete when current is not null:
                    batch.Delete(ColumnFamily.Data, itemKey);
                    break;
            }

            if (batch.Count > 0)
            {
                proposal = replica.ProposeAsync(term, PartitionCommand.Encode(batch));
            }
            else if (!sim.Bugs.HasFlag(PartitionBugs.UnconfirmedCondition))
            {
                confirmation = replica.ConfirmLatestAsync(term, [itemKey]);
            }
        }

        if (proposal is not null)
        {
            if (!await sim.WithinAsync(proposal, WriteTimeout))
            {
                return SimRequests.Reply(SimRequests.Ambiguous);
            }

            return await proposal switch
            {
                ProposalOutcome.Applied => SimRequests.Reply(SimRequests.Ok, current),
                ProposalOutcome.Superseded => null,
                _ => SimRequests.Reply(SimRequests.Ambiguous),
            };
        }

        if (confirmation is not null)
        {
            if (!await sim.WithinAsync(confirmation, ReadTimeout))
            {
                return SimRequests.Reply(SimRequests.Unavailable);
            }

            await confirmation;
        }

        return op == KvOp.Update ? SimRequests.Reply(SimRequests.ConditionFailed, current) : SimRequests.Reply(SimRequests.Ok, current);
    }
}
