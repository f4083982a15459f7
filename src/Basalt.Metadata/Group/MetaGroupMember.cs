using Basalt.Metadata.Commands;
using Basalt.Metadata.Events;
using Basalt.Metadata.StateMachine;
using Basalt.Replication;

namespace Basalt.Metadata.Group;

/// <summary>
/// One member of the meta group: a <see cref="RaftNode"/> whose committed entries are
/// <see cref="MetaCommand"/>s applied to a <see cref="PartitionMap"/>. The host drives it like a
/// Raft node — <see cref="Tick"/>, <see cref="Step"/>, then <see cref="TakeReady"/>, persist and send,
/// <see cref="Complete"/> — from one thread. The change stream and snapshots may be read from any
/// thread (<see cref="ReadChanges"/>, <see cref="SnapshotBytes"/>).
/// </summary>
public sealed class MetaGroupMember : IMapChangeSource
{
    private readonly RaftNode raft;
    private readonly PartitionMap map = new();
    private readonly MapChangeFeed feed;
    private readonly Dictionary<ulong, (ulong Term, TaskCompletionSource<ApplyResult> Done)> pending = [];
    private readonly Lock gate = new();

    /// <summary>Starts (or restarts) a member from its persisted Raft state; the map starts from the state's snapshot.</summary>
    public MetaGroupMember(RaftConfig config, RaftInitialState state, Random random, int feedCapacity = 4096)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.Snapshot.Data.IsEmpty)
        {
            map.Restore(state.Snapshot.Data.Span);
        }

        feed = new MapChangeFeed(feedCapacity);
        feed.Reset(map.Version);
        raft = new RaftNode(config, state, random);
    }

    /// <summary>Apply this many entries beyond the last snapshot before compacting the log into a new one.</summary>
    public ulong CompactionThreshold { get; init; } = 1024;

    public ulong Id => raft.Id;

    public RaftRole Role => raft.Role;

    public ulong Leader => raft.Leader;

    public ulong AppliedIndex => raft.AppliedIndex;

    /// <summary>The Raft node (for the host's bookkeeping: membership, snapshot, indexes).</summary>
    public RaftNode Raft => raft;

    /// <summary>The map as applied so far. Only the driving thread may read it.</summary>
    public PartitionMap Map => map;

    public bool HasReady => raft.HasReady;

    public void Tick() => raft.Tick();

    public void Step(Message message) => raft.Step(message);

    public void Campaign() => raft.Campaign();

    /// <summary>Proposes a command; when this node leads and takes it, <see cref="MetaProposal.Applied"/> completes once it is applied here.</summary>
    public MetaProposal Propose(MetaCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var outcome = raft.Propose(command.Encode());
        if (!outcome.Accepted)
        {
            return new MetaProposal(outcome, null);
        }

        var done = new TaskCompletionSource<ApplyResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[outcome.Index] = (outcome.Term, done);
        return new MetaProposal(outcome, done.Task);
    }

    /// <summary>Takes the node's pending work: persist its entries, hard state and snapshot, send its messages, then call <see cref="Complete"/>.</summary>
    public Ready TakeReady() => raft.GetReady();

    /// <summary>
    /// Installs the Ready's snapshot, applies its committed entries to the map, resolves proposals,
    /// advances the node, and compacts the log when enough was applied. Returns the snapshot the log
    /// was compacted into, for the host to persist (entries up to its index may then be dropped).
    /// </summary>
    public Snapshot? Complete(Ready ready)
    {
        ArgumentNullException.ThrowIfNull(ready);
        lock (gate)
        {
            if (ready.Snapshot is { } snapshot)
            {
                InstallSnapshot(snapshot);
            }

            foreach (var entry in ready.CommittedEntries)
            {
                ApplyEntry(entry);
            }
        }

        raft.Advance(ready);
        return MaybeCompact();
    }

    /// <inheritdoc cref="IMapChangeSource.ReadAsync"/>
    public MapChangeBatch ReadChanges(ulong afterVersion, int max)
    {
        lock (gate)
        {
            return feed.Read(afterVersion, max);
        }
    }

    /// <summary>The map's snapshot bytes as of the latest applied entry.</summary>
    public byte[] SnapshotBytes()
    {
        lock (gate)
        {
            return map.Snapshot();
        }
    }

    ValueTask<MapChangeBatch> IMapChangeSource.ReadAsync(ulong afterVersion, int max, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ReadChanges(afterVersion, max));

    ValueTask<ReadOnlyMemory<byte>> IMapChangeSource.SnapshotAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<ReadOnlyMemory<byte>>(SnapshotBytes());

    /// <summary>Raised (on the driving thread, after the entry is applied) for every change event, in version order.</summary>
    public event Action<MapEvent>? Changed;

    private void InstallSnapshot(Snapshot snapshot)
    {
        if (snapshot.Data.IsEmpty)
        {
            return;
        }

        map.Restore(snapshot.Data.Span);
        feed.Reset(map.Version);
        foreach (var index in pending.Keys.Where(i => i <= snapshot.Metadata.Index).ToList())
        {
            pending.Remove(index, out var p);
            p.Done.TrySetException(new MetaProposalLostException("The proposal's outcome was folded into a snapshot; check the map and retry if needed."));
        }
    }

    private void ApplyEntry(Entry entry)
    {
        ApplyResult? result = null;
        if (entry.Type == EntryType.Normal && !entry.Data.IsEmpty)
        {
            result = map.Apply(entry.Data.Span);
            foreach (var e in result.Events)
            {
                feed.Append(e);
                Changed?.Invoke(e);
            }
        }

        if (pending.Remove(entry.Index, out var p))
        {
            if (p.Term == entry.Term && result is not null)
            {
                p.Done.TrySetResult(result);
            }
            else
            {
                p.Done.TrySetException(new MetaProposalLostException());
            }
        }
    }

    private Snapshot? MaybeCompact()
    {
        if (raft.AppliedIndex - raft.SnapshotIndex < CompactionThreshold)
        {
            return null;
        }

        byte[] data;
        lock (gate)
        {
            data = map.Snapshot();
        }

        raft.Compact(raft.AppliedIndex, data);
        return raft.LatestSnapshot;
    }
}
