using Basalt.Api.Replicas;
using Basalt.Api.Tables;
using Basalt.Model;
using Basalt.Partition;
using Basalt.Storage;

namespace Basalt.Api.Items;

/// <summary>
/// Items of every table, through the partitions that own them. Writes: <see cref="WriteAsync{T}"/>
/// runs the caller's evaluation on the partition's leader under its key latches, against the
/// latest images (including the leader's own proposals not yet applied), and proposes the result;
/// it returns once a quorum has the entry durably and the leader has applied it. Reads: from the
/// leader's applied items, after a lease or ReadIndex check when strongly consistent.
/// </summary>
/// <param name="waits">Clock of commit timeouts (the nodes' clock).</param>
/// <param name="time">Clock of item timestamps.</param>
public sealed class ItemStore(IPartitionReplicas cluster, TimeProvider waits, TimeProvider time)
{
    private readonly HybridClock _clock = new(time);

    private IItemWriteObserver[] _observers = [];

    /// <summary>Registers an observer of every item write (call before serving requests).</summary>
    public void AddObserver(IItemWriteObserver observer) => _observers = [.. _observers, observer];

    public TableStatistics Statistics { get; } = new();

    /// <summary>The replicas items are read and written through.</summary>
    public IPartitionReplicas Replicas => cluster;

    /// <summary>How long a proposed write may wait for its commit before the request fails with an unknown outcome.</summary>
    public TimeSpan CommitTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The stored encoding of an item (for paths that write it out without decoding), or null.</summary>
    public async ValueTask<byte[]?> ReadEncodedAsync(TableDefinition table, byte[] key, bool consistent, CancellationToken cancellationToken = default)
    {
        var view = await ReadViewAsync(table, key, consistent, cancellationToken).ConfigureAwait(false);
        return view.Get(ColumnFamily.Data, key);
    }

    public async ValueTask<Item?> ReadAsync(TableDefinition table, byte[] key, bool consistent, CancellationToken cancellationToken = default)
    {
        var bytes = await ReadEncodedAsync(table, key, consistent, cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : ItemCodec.Decode(bytes, out _);
    }

    /// <summary>
    /// The storage to read the partition owning <paramref name="itemKey"/> from: its leader's, after the
    /// lease (or a ReadIndex round) confirms it has every acknowledged write when <paramref name="consistent"/>.
    /// </summary>
    public async ValueTask<IStorageEngine> ReadViewAsync(TableDefinition table, byte[] itemKey, bool consistent, CancellationToken cancellationToken = default)
    {
        var leader = await cluster.LeaderAsync(table, PartitionRouting.GroupOf(table, itemKey), cancellationToken).ConfigureAwait(false);
        if (consistent)
        {
            await ReplicaCluster.CatchUpAsync(leader, leader, cancellationToken).ConfigureAwait(false);
        }

        return leader.Engine;
    }

    /// <summary>
    /// Storage holding every partition of <paramref name="table"/> (for scans and global indexes): the
    /// node leading its first partition, caught up with each partition's leader when <paramref name="consistent"/>.
    /// In cluster mode only a table with one partition has such a view on a node; scans and global
    /// index queries run per partition there (<see cref="ReadGroupViewAsync"/>).
    /// </summary>
    public ValueTask<IStorageEngine> ReadViewAsync(TableDefinition table, bool consistent, CancellationToken cancellationToken = default) =>
        cluster.TableViewAsync(table, consistent, cancellationToken);

    /// <summary>
    /// The storage of the replica leading partition group <paramref name="group"/> of <paramref name="table"/>
    /// (a router's per-partition share of a Scan or of a global index Query), after the lease (or a
    /// ReadIndex round) when <paramref name="consistent"/>. The storage holds other partitions too:
    /// the caller reads only the group's hash range. In cluster mode, throws
    /// <see cref="Cluster.NotLeaderException"/> when another node leads the group.
    /// </summary>
    public async ValueTask<IStorageEngine> ReadGroupViewAsync(TableDefinition table, ulong group, bool consistent, CancellationToken cancellationToken = default)
    {
        var leader = await cluster.LeaderAsync(table, group, cancellationToken).ConfigureAwait(false);
        if (consistent)
        {
            await ReplicaCluster.CatchUpAsync(leader, leader, cancellationToken).ConfigureAwait(false);
        }

        return leader.Engine;
    }

    /// <summary>
    /// Runs a read-modify-write on the partition owning <paramref name="keys"/> (all in one partition):
    /// takes their latches on the leader, calls <paramref name="evaluate"/> (which reads through the
    /// session and stages writes; its exceptions abort with nothing written), proposes what it staged
    /// and waits until it is durable and applied. Retried from the start when leadership moves before
    /// the outcome is known to be final.
    /// </summary>
    public async ValueTask<T> WriteAsync<T>(TableDefinition table, IReadOnlyList<byte[]> keys, Func<WriteSession, T> evaluate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(evaluate);
        var group = PartitionRouting.GroupOf(table, keys[0]);
        while (true)
        {
            var leader = await cluster.LeaderAsync(table, group, cancellationToken).ConfigureAwait(false);
            WriteSession session;
            T result;
            Task<ProposalOutcome> proposal;
            using (await leader.Latches.AcquireAllAsync(keys).ConfigureAwait(false))
            {
                ulong term;
                try
                {
                    term = leader.BeginWrite();
                }
                catch (ReplicaUnavailableException)
                {
                    continue;
                }

                session = new WriteSession(leader, _observers, _clock);
                Exception? refusal = null;
                try
                {
                    result = evaluate(session);
                }
                catch (DynamoDbException error)
                {
                    // A refusal (a failed condition, an update that does not apply to the item) is an
                    // answer read from the latest images: confirmed like a read below before it is given.
                    Completed(session.Batch);
                    refusal = error;
                    result = default!;
                }
                catch
                {
                    Completed(session.Batch);
                    throw;
                }

                if (refusal is not null || session.Batch.Count == 0)
                {
                    // Nothing to propose: the answer rests on what the evaluation read, which must be
                    // committed (not a pending image that may yet be lost) and current (this replica
                    // still leads). Otherwise evaluate again on the leader.
                    try
                    {
                        await leader.ConfirmLatestAsync(term, session.ReadKeys).WaitAsync(CommitTimeout, waits, cancellationToken).ConfigureAwait(false);
                    }
                    catch (ReplicaUnavailableException)
                    {
                        continue;
                    }
                    catch (TimeoutException)
                    {
                        throw new PartitionUnavailableException(group);
                    }

                    if (refusal is not null)
                    {
                        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(refusal);
                    }

                    return result;
                }

                try
                {
                    proposal = leader.ProposeAsync(term, PartitionCommand.Encode(session.Batch));
                }
                catch (ReplicaUnavailableException)
                {
                    Completed(session.Batch);
                    continue;
                }
                catch
                {
                    Completed(session.Batch);
                    throw;
                }
            }

            ProposalOutcome outcome;
            try
            {
                outcome = await proposal.WaitAsync(CommitTimeout, waits, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                outcome = ProposalOutcome.Unknown;
            }
            finally
            {
                Completed(session.Batch);
            }

            switch (outcome)
            {
                case ProposalOutcome.Applied:
                    foreach (var (tableId, items, bytes) in session.Deltas)
                    {
                        Statistics.Adjust(tableId, items, bytes);
                    }

                    return result;
                case ProposalOutcome.Superseded:
                    continue;
                default:
                    throw new PartitionUnavailableException(group);
            }
        }
    }

    /// <summary>Counts a table's (or an index's) items and bytes from storage (at start-up).</summary>
    public void Recount(IStorageEngine view, ulong tableId)
    {
        var (items, bytes) = Measure(view, KeyCodec.EncodeTablePrefix(tableId));
        Statistics.Remove(tableId);
        Statistics.Adjust(tableId, items, bytes);
    }

    /// <summary>The number of items under a key prefix and their total size, measured on node 1's storage without decoding them.</summary>
    public (long Items, long Bytes) Measure(byte[] prefix) => Measure(cluster.LocalEngine, prefix);

    public static (long Items, long Bytes) Measure(IStorageEngine engine, byte[] prefix)
    {
        ArgumentNullException.ThrowIfNull(engine);
        using var cursor = engine.OpenCursor(ColumnFamily.Data, prefix, KeyRanges.PrefixEnd(prefix), reverse: false);
        long items = 0, bytes = 0;
        while (cursor.MoveNext())
        {
            items++;
            bytes += EncodedItemJson.Size(cursor.Value);
        }

        return (items, bytes);
    }

    /// <summary>
    /// Deletes every item of a dropped table (or index) from every node's storage, in chunks. The
    /// table's groups are gone first, so nothing can apply to the range meanwhile.
    /// </summary>
    public async ValueTask PurgeAsync(ulong tableId, IEnumerable<IStorageEngine> engines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engines);
        var prefix = KeyCodec.EncodeTablePrefix(tableId);
        var end = KeyRanges.PrefixEnd(prefix);
        foreach (var engine in engines)
        {
            await RangeDeletion.DeleteAsync(engine, ColumnFamily.Data, prefix, end, sync: false, cancellationToken).ConfigureAwait(false);
        }

        Statistics.Remove(tableId);
    }

    /// <summary>The session's batch is done with (proposed and resolved, or abandoned): observers let go of it, and it goes back to the pool.</summary>
    private void Completed(WriteBatch batch)
    {
        foreach (var observer in _observers)
        {
            observer.OnWriteCompleted(batch);
        }

        WriteBatchPool.Return(batch);
    }
}
