using Basalt.Replication;
using Basalt.Storage;

namespace Basalt.Partition;

/// <summary>
/// One replica of a partition: a member of the partition's Raft group, hosted by a storage node
/// that persists its log, sends its messages and applies its committed entries (see
/// <c>StorageNode</c>). On the leader, writers take <see cref="Latches"/>, evaluate against
/// <see cref="ReadLatest"/> (storage plus this leader's own proposals not yet applied) and
/// <see cref="ProposeAsync"/> the resulting images; an evaluation that proposes nothing (a failed
/// condition) is a read and is answered only after <see cref="ConfirmLatestAsync"/>; followers only
/// apply the images. Strongly consistent reads call <see cref="ReadIndexAsync"/> (the lease, or a
/// ReadIndex round) and then read the engine once <see cref="WaitAppliedAsync"/> says the replica
/// has caught up. Thread-safe.
/// </summary>
public sealed partial class PartitionReplica
{
    private readonly Lock _lock = new();
    private readonly RaftNode _raft;
    private readonly Action _wake;
    private readonly PendingImages _pending = new();
    private readonly Dictionary<ulong, (ulong Term, TaskCompletionSource<ProposalOutcome> Done)> _proposals = [];
    private readonly Dictionary<ulong, TaskCompletionSource<ulong>> _reads = [];
    private readonly List<(ulong Index, TaskCompletionSource Done)> _appliedWaiters = [];
    private readonly List<Confirmation> _confirmations = [];
    private TaskCompletionSource _changed = NewSignal();
    private long _leadershipChanges;
    private ulong _nextReadContext = 1;
    private ulong _leaderTerm;
    private ulong _servingFrom = ulong.MaxValue;
    private ulong _applied;
    private ulong _persistedLast;
    private bool _stopped;
    private bool _announcedServing;
    private SnapshotMetadata? _compacted;
    private ulong _persistedFirst = 1;
    private bool _holdsData = true;
    private TaskCompletionSource? _nextRound;

    /// <param name="wake">Tells the hosting node that this replica has work (a proposal, a read round).</param>
    public PartitionReplica(ulong group, IStorageEngine engine, RaftConfig config, RaftInitialState state, Random random, Action wake)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(wake);
        Group = group;
        Engine = engine;
        _wake = wake;
        _raft = new RaftNode(config, state, random) { DataSnapshotsOnDemand = true };
        _applied = _raft.AppliedIndex;
        _persistedLast = _raft.LastIndex;
        _persistedFirst = _raft.SnapshotIndex + 1;
    }

    /// <summary>The Raft group (one per partition).</summary>
    public ulong Group { get; }

    /// <summary>The node hosting this replica (its id in the group).</summary>
    public ulong NodeId => _raft.Id;

    /// <summary>The hosting node's storage engine, where this replica's applied items are.</summary>
    public IStorageEngine Engine { get; }

    /// <summary>Applied entries the leader lets pile up in its log before it drops those every member holds.</summary>
    public ulong CompactionThreshold { get; init; } = 4096;

    /// <summary>
    /// Whether the log and hard state are written to storage (see <c>NodeOptions.PersistsLog</c>);
    /// when not, <see cref="Persist"/> keeps only the bookkeeping (and installs snapshots' data).
    /// </summary>
    public bool PersistsLog { get; init; } = true;

    /// <summary>
    /// Whether this replica keeps the group's items. A log replica's does not: it persists and
    /// acknowledges entries and votes, applies nothing to the data column family (it only tracks its
    /// applied index), never campaigns or serves — until a data snapshot is installed on it.
    /// </summary>
    public bool HoldsData
    {
        get
        {
            lock (_lock)
            {
                return _holdsData;
            }
        }

        init
        {
            _holdsData = value;
            _raft.HasStateMachine = value;
        }
    }

    /// <summary>The keys of the group's data snapshots (null: this replica cannot make or install one).</summary>
    public IPartitionSnapshotScope? SnapshotScope { get; init; }

    /// <summary>Per-key latches held by writers from evaluation to proposal.</summary>
    public KeyLatches Latches { get; } = new();

    /// <summary>Whether this replica leads its group and has applied its term's first entry, so it may take writes and strong reads.</summary>
    public bool IsServing
    {
        get
        {
            lock (_lock)
            {
                return ServingUnlocked;
            }
        }
    }

    /// <summary>The node this replica believes leads the group (0 = unknown).</summary>
    public ulong LeaderHint
    {
        get
        {
            lock (_lock)
            {
                return _raft.Leader;
            }
        }
    }

    /// <summary>How many times this replica gained or lost its group's leadership (for metrics).</summary>
    public long LeadershipChanges => Interlocked.Read(ref _leadershipChanges);

    /// <summary>
    /// On the leader, how many log entries the furthest-behind other member lacks (its replication
    /// lag); 0 on other replicas.
    /// </summary>
    public ulong FollowerLag
    {
        get
        {
            lock (_lock)
            {
                ulong lag = 0;
                foreach (var peer in _raft.Peers)
                {
                    if (peer.Id != _raft.Id && _raft.LastIndex > peer.Match)
                    {
                        lag = Math.Max(lag, _raft.LastIndex - peer.Match);
                    }
                }

                return lag;
            }
        }
    }

    public RaftRole Role
    {
        get
        {
            lock (_lock)
            {
                return _raft.Role;
            }
        }
    }

    public ulong Term
    {
        get
        {
            lock (_lock)
            {
                return _raft.Term;
            }
        }
    }

    public Membership Membership
    {
        get
        {
            lock (_lock)
            {
                return _raft.Membership;
            }
        }
    }

    /// <summary>The index through which this replica's items are applied.</summary>
    public ulong AppliedIndex
    {
        get
        {
            lock (_lock)
            {
                return _applied;
            }
        }
    }

    public ulong CommitIndex
    {
        get
        {
            lock (_lock)
            {
                return _raft.CommitIndex;
            }
        }
    }

    public bool IsStopped
    {
        get
        {
            lock (_lock)
            {
                return _stopped;
            }
        }
    }

    /// <summary>Completes at the next change of role, leader or serving state (or when the replica stops).</summary>
    public Task Changed
    {
        get
        {
            lock (_lock)
            {
                return _changed.Task;
            }
        }
    }

    private bool ServingUnlocked => !_stopped && _raft.Role == RaftRole.Leader && _raft.Term == _leaderTerm && _applied >= _servingFrom;

    /// <summary>
    /// Starts a write: the term under which the caller evaluates. Throws <see cref="ReplicaUnavailableException"/>
    /// unless this replica is the serving leader.
    /// </summary>
    public ulong BeginWrite()
    {
        lock (_lock)
        {
            ThrowUnlessServing();
            return _leaderTerm;
        }
    }

    /// <summary>The latest value of a data key on this leader: its own pending proposal, else storage.</summary>
    public byte[]? ReadLatest(byte[] key)
    {
        lock (_lock)
        {
            if (_pending.TryGet(key, out var value))
            {
                return value;
            }
        }

        return Engine.Get(ColumnFamily.Data, key);
    }

    /// <summary>
    /// Proposes a command evaluated under <paramref name="term"/> (from <see cref="BeginWrite"/>). Throws
    /// <see cref="ReplicaUnavailableException"/> when leadership changed since (nothing proposed: re-evaluate
    /// and retry); otherwise the task tells what became of it.
    /// </summary>
    public Task<ProposalOutcome> ProposeAsync(ulong term, byte[] command)
    {
        ArgumentNullException.ThrowIfNull(command);

        // A malformed command in the log would stop every replica that applies it.
        PartitionCommand.Validate(command);
        Task<ProposalOutcome> result;
        lock (_lock)
        {
            if (!ServingUnlocked || term != _leaderTerm)
            {
                throw Unavailable();
            }

            var outcome = _raft.Propose(command);
            if (!outcome.Accepted)
            {
                throw new ReplicaUnavailableException($"Proposal refused: {outcome.Status}.", _raft.Leader);
            }

            var done = new TaskCompletionSource<ProposalOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            _proposals[outcome.Index] = (outcome.Term, done);
            _pending.Add(outcome.Index, command);
            result = done.Task;
        }

        _wake();
        return result;
    }

    /// <summary>
    /// Confirms an evaluation that ends without a proposal — a failed condition, a write with nothing
    /// to change, a value returned — which is a read and must be linearizable like one. Completes once
    /// (1) what <see cref="ReadLatest"/> returned for <paramref name="keys"/> is committed (the newest
    /// pending image among them, if any, is applied while this replica still leads the term) and (2)
    /// this replica is confirmed to have led the term after the evaluation began (the lease, or a
    /// ReadIndex round), so no newer leader can have committed anything the evaluation missed. Faults
    /// with <see cref="ReplicaUnavailableException"/> when the term ends first or the replica stops:
    /// the evaluation may have seen a value that never took effect, or missed one — re-evaluate on the
    /// leader. Call it holding the keys' latches, with the term of <see cref="BeginWrite"/> (throws at
    /// once when that term is already over). Without it a leader could answer "condition failed"
    /// because of a write it later loses, or from a deposed leader's stale items.
    /// </summary>
    public Task ConfirmLatestAsync(ulong term, IEnumerable<byte[]> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        Confirmation confirmation;
        lock (_lock)
        {
            if (!ServingUnlocked || term != _leaderTerm)
            {
                throw Unavailable();
            }

            ulong newest = 0;
            foreach (var key in keys)
            {
                ArgumentNullException.ThrowIfNull(key, nameof(keys));
                if (_pending.TryGetIndex(key, out var index))
                {
                    newest = Math.Max(newest, index);
                }
            }

            var leaseHeld = _raft.HasValidLease;
            if (leaseHeld && newest <= _applied)
            {
                return Task.CompletedTask;
            }

            confirmation = new Confirmation(term, newest, leaseHeld ? 0 : _nextReadContext++);
            if (!leaseHeld && _raft.ReadIndex(confirmation.ReadContext) == ReadIndexStatus.NotLeader)
            {
                throw Unavailable();
            }

            _confirmations.Add(confirmation);
        }

        _wake();
        return confirmation.Done.Task;
    }

    /// <summary>
    /// A linearizable read point: an index such that, once a replica has applied through it, that
    /// replica's items include every write acknowledged before this call. From the lease when it is
    /// valid, otherwise by a ReadIndex round. Throws <see cref="ReplicaUnavailableException"/> unless serving.
    /// </summary>
    public Task<ulong> ReadIndexAsync()
    {
        TaskCompletionSource<ulong> done;
        lock (_lock)
        {
            ThrowUnlessServing();
            if (_raft.HasValidLease)
            {
                return Task.FromResult(_raft.CommitIndex);
            }

            var context = _nextReadContext++;
            if (_raft.ReadIndex(context) == ReadIndexStatus.NotLeader)
            {
                throw Unavailable();
            }

            done = new TaskCompletionSource<ulong>(TaskCreationOptions.RunContinuationsAsynchronously);
            _reads[context] = done;
        }

        _wake();
        return done.Task;
    }

    /// <summary>Completes once this replica has applied through <paramref name="index"/>.</summary>
    public Task WaitAppliedAsync(ulong index)
    {
        lock (_lock)
        {
            if (_applied >= index)
            {
                return Task.CompletedTask;
            }

            if (_stopped)
            {
                return Task.FromException(Unavailable());
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _appliedWaiters.Add((index, done));
            return done.Task;
        }
    }

    internal void Step(Message message)
    {
        lock (_lock)
        {
            if (!_stopped)
            {
                try
                {
                    _raft.Step(message);
                }
                catch (InvalidOperationException e)
                {
                    throw new InvalidOperationException($"Replica of group {Group} on node {NodeId}, stepping {message}: {e.Message}", e);
                }
            }
        }
    }

    internal void Tick()
    {
        lock (_lock)
        {
            if (!_stopped)
            {
                _raft.Tick();
            }
        }
    }

    internal void Campaign()
    {
        lock (_lock)
        {
            if (!_stopped && _holdsData && _raft.Membership.IsFullVoter(_raft.Id) && _raft.Role != RaftRole.Leader)
            {
                _raft.Campaign();
            }
        }
    }

    internal TransferStatus TransferLeadership(ulong target)
    {
        lock (_lock)
        {
            return _raft.TransferLeadership(target);
        }
    }

    /// <summary>Set while the hosting node has this replica queued for its next round.</summary>
    internal int QueuedForRound;

    /// <summary>Whether the Raft node has work for its host (a Ready).</summary>
    internal bool HasReady
    {
        get
        {
            lock (_lock)
            {
                return !_stopped && _raft.HasReady;
            }
        }
    }

    internal Ready? TakeReady()
    {
        lock (_lock)
        {
            return !_stopped && _raft.HasReady ? _raft.GetReady() : null;
        }
    }

    /// <summary>Adds the Ready's entries and hard state to the node's log batch (synced by the node when the Ready must sync).</summary>
    internal void Persist(Ready ready, WriteBatch log)
    {
        if (ready.Snapshot is { } snapshot)
        {
            PersistSnapshot(snapshot, ready.SnapshotKeepsLog, log);
        }

        if (ready.Entries.Count > 0)
        {
            if (PersistsLog)
            {
                var first = ready.Entries[0].Index;
                for (var stale = first; stale <= _persistedLast; stale++)
                {
                    log.Delete(ColumnFamily.Log, ReplicaStorage.EntryKey(Group, stale));
                }

                foreach (var entry in ready.Entries)
                {
                    log.Put(ColumnFamily.Log, ReplicaStorage.EntryKey(Group, entry.Index), ReplicaStorage.EncodeEntry(entry));
                }
            }

            _persistedLast = ready.Entries[^1].Index;
        }

        if (ready.HardState is { } hard && PersistsLog)
        {
            log.Put(ColumnFamily.Log, ReplicaStorage.HardStateKey(Group), ReplicaStorage.EncodeHardState(hard));
        }

        lock (_lock)
        {
            if (_compacted is { } stale && stale.Index < _persistedFirst)
            {
                // Decided before a snapshot replaced the log in this very batch: that point is behind it.
                _compacted = null;
            }
            else if (_compacted is { } compacted)
            {
                // The snapshot point first: a log found with entries below it (a lost delete) is read past them.
                if (PersistsLog)
                {
                    log.Put(ColumnFamily.Meta, ReplicaStorage.CompactedKey(Group), ReplicaStorage.EncodeCompacted(compacted));
                    for (var index = _persistedFirst; index <= compacted.Index; index++)
                    {
                        log.Delete(ColumnFamily.Log, ReplicaStorage.EntryKey(Group, index));
                    }
                }

                _persistedFirst = compacted.Index + 1;
                _compacted = null;
            }
        }
    }

    /// <summary>
    /// Adds a snapshot from the leader to the node's (synced) log batch, so it is installed atomically
    /// with the Raft state that refers to it; a crash before the batch is written leaves the replica as
    /// it was, and the leader sends the snapshot again. Unless it keeps the log (a data install on a log
    /// replica), the log is replaced by the snapshot's compaction point. With data, the group's keys are
    /// cleared and replaced by the snapshot's and the replica keeps items from now on; without (a log
    /// replica's snapshot), it keeps none.
    /// </summary>
    private void PersistSnapshot(Snapshot snapshot, bool keepsLog, WriteBatch log)
    {
        var meta = snapshot.Metadata;
        if (!keepsLog)
        {
            for (var index = _persistedFirst; index <= _persistedLast; index++)
            {
                log.Delete(ColumnFamily.Log, ReplicaStorage.EntryKey(Group, index));
            }

            log.Put(ColumnFamily.Meta, ReplicaStorage.CompactedKey(Group), ReplicaStorage.EncodeCompacted(meta));
            _persistedFirst = meta.Index + 1;
            _persistedLast = meta.Index;
        }

        var ranges = SnapshotScope?.Ranges(Group);
        bool holds;
        if (snapshot.Data.Length > 0)
        {
            if (ranges is null)
            {
                throw new InvalidOperationException($"Replica of group {Group} on node {NodeId} received a data snapshot but has no snapshot scope.");
            }

            PartitionSnapshot.Install(Engine, ranges, snapshot.Data.Span, log);
            holds = true;
        }
        else
        {
            if (ranges is not null && HoldsData)
            {
                PartitionSnapshot.Clear(Engine, ranges, log);
            }

            holds = false;
        }

        log.Put(ColumnFamily.Meta, ReplicaStorage.HoldsDataKey(Group), ReplicaStorage.EncodeHoldsData(holds));
        log.Put(ColumnFamily.Meta, ReplicaStorage.AppliedKey(Group), ReplicaStorage.EncodeIndex(meta.Index));
        lock (_lock)
        {
            _holdsData = holds;
            _raft.HasStateMachine = holds;
            _applied = meta.Index;
            _pending.Clear();
        }
    }

    /// <summary>
    /// Adds committed commands of the Ready and the new applied index to the node's data batch: with
    /// <paramref name="durable"/>, those already in this replica's durable log; otherwise those that
    /// arrived in this very Ready (see <see cref="DurableCommitted"/>), once its log write is done.
    /// </summary>
    internal void Apply(Ready ready, WriteBatch data, bool durable)
    {
        var (from, to) = CommittedPart(ready, durable);
        if (from == to)
        {
            return;
        }

        for (var i = from; i < to; i++)
        {
            var entry = ready.CommittedEntries[i];
            if (entry.Type == EntryType.Normal && _holdsData)
            {
                PartitionCommand.AppendTo(entry.Data.Span, data);
            }
        }

        data.Put(ColumnFamily.Meta, ReplicaStorage.AppliedKey(Group), ReplicaStorage.EncodeIndex(ready.CommittedEntries[to - 1].Index));
    }

    /// <summary>
    /// How many of the Ready's committed entries are in this replica's durable log already. The others
    /// came in this very Ready (a follower learns entries and that they are committed from one message):
    /// they may be applied only after the Ready's log write. Were their items and applied index written
    /// first and the power lost before the log write, the restarted replica would find an applied index
    /// covering indexes where its log still holds other, stale entries — and take those as committed.
    /// </summary>
    internal static int DurableCommitted(Ready ready)
    {
        if (ready.Entries.Count == 0)
        {
            return ready.CommittedEntries.Count;
        }

        var firstNew = ready.Entries[0].Index;
        var durable = 0;
        while (durable < ready.CommittedEntries.Count && ready.CommittedEntries[durable].Index < firstNew)
        {
            durable++;
        }

        return durable;
    }

    private static (int From, int To) CommittedPart(Ready ready, bool durable)
    {
        var split = DurableCommitted(ready);
        return durable ? (0, split) : (split, ready.CommittedEntries.Count);
    }

    /// <summary>
    /// Committed commands of the Ready are in storage (see <see cref="Apply"/> for which): resolve the
    /// proposals and waiters they answer. For commands already durable here this runs before the
    /// Ready's own log write, so an acknowledgement never waits for the next batch's sync.
    /// </summary>
    internal void CompleteApplied(Ready ready, bool durable)
    {
        var (from, to) = CommittedPart(ready, durable);
        if (from == to)
        {
            return;
        }

        List<Action> completions = [];
        lock (_lock)
        {
            for (var i = from; i < to; i++)
            {
                var entry = ready.CommittedEntries[i];
                _pending.Applied(entry.Index, entry.Type == EntryType.Normal ? entry.Data.Span : default);
                if (_proposals.Remove(entry.Index, out var proposal))
                {
                    var outcome = proposal.Term == entry.Term ? ProposalOutcome.Applied : ProposalOutcome.Superseded;
                    completions.Add(() => proposal.Done.TrySetResult(outcome));
                }
            }

            _applied = ready.CommittedEntries[to - 1].Index;
            for (var i = _appliedWaiters.Count - 1; i >= 0; i--)
            {
                if (_appliedWaiters[i].Index <= _applied)
                {
                    var done = _appliedWaiters[i].Done;
                    completions.Add(() => done.TrySetResult());
                    _appliedWaiters.RemoveAt(i);
                }
            }

            AnnounceChanges(completions, force: false);
        }

        foreach (var complete in completions)
        {
            complete();
        }
    }

    /// <summary>The Ready is persisted, sent and applied: answer reads and advance the Raft node.</summary>
    internal void Complete(Ready ready)
    {
        List<Action> completions = [];
        lock (_lock)
        {
            foreach (var read in ready.ReadStates)
            {
                if (_reads.Remove(read.Context, out var done))
                {
                    completions.Add(() => done.TrySetResult(read.Index));
                }
            }

            _raft.Advance(ready);
            ObserveRole(completions);
            ResolveConfirmations(ready, completions);
            AnnounceChanges(completions, force: ready.SoftStateChanged);
            MaybeCompact();
            MaybeOfferDataSnapshot();
            if (_nextRound is { } round)
            {
                _nextRound = null;
                completions.Add(() => round.TrySetResult());
            }
        }

        foreach (var complete in completions)
        {
            complete();
        }
    }

    /// <summary>Stops the replica: every waiter fails (proposals with an unknown outcome), nothing more is processed.</summary>
    internal void Stop()
    {
        List<Action> completions = [];
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            var error = Unavailable();
            foreach (var (_, proposal) in _proposals)
            {
                completions.Add(() => proposal.Done.TrySetResult(ProposalOutcome.Unknown));
            }

            foreach (var (_, read) in _reads)
            {
                completions.Add(() => read.TrySetException(error));
            }

            foreach (var (_, waiter) in _appliedWaiters)
            {
                completions.Add(() => waiter.TrySetException(error));
            }

            foreach (var confirmation in _confirmations)
            {
                completions.Add(() => confirmation.Done.TrySetException(error));
            }

            _proposals.Clear();
            _reads.Clear();
            _appliedWaiters.Clear();
            _confirmations.Clear();
            _pending.Clear();
            var changed = _changed;
            completions.Add(() => changed.TrySetResult());
            if (_nextRound is { } round)
            {
                _nextRound = null;
                completions.Add(() => round.TrySetResult());
            }
        }

        foreach (var complete in completions)
        {
            complete();
        }
    }

    private void ObserveRole(List<Action> completions)
    {
        var term = _raft.Role == RaftRole.Leader ? _raft.Term : 0;
        if (term == _leaderTerm)
        {
            return;
        }

        if (_leaderTerm != 0)
        {
            // The term this replica led is over (even if it leads again in a later one, within the
            // same round): the Raft node dropped its read rounds, so they would never be answered.
            var error = new ReplicaUnavailableException($"Replica of group {Group} on node {_raft.Id} lost the leadership of term {_leaderTerm}.", _raft.Leader);
            foreach (var (_, read) in _reads)
            {
                completions.Add(() => read.TrySetException(error));
            }

            _reads.Clear();
        }

        if ((term == 0) != (_leaderTerm == 0))
        {
            Interlocked.Increment(ref _leadershipChanges);
        }

        _leaderTerm = term;
        _pending.Clear();

        // No proposal is accepted before this point, so the last index is this term's first entry or later.
        _servingFrom = term == 0 ? ulong.MaxValue : _raft.LastIndex;
    }

    /// <summary>Confirms what this Ready allows: leadership by its read states, commitment by the applied index.</summary>
    private void ResolveConfirmations(Ready ready, List<Action> completions)
    {
        for (var i = _confirmations.Count - 1; i >= 0; i--)
        {
            var confirmation = _confirmations[i];
            if (_leaderTerm != confirmation.Term)
            {
                var error = new ReplicaUnavailableException($"Replica of group {Group} on node {_raft.Id} lost the leadership of term {confirmation.Term} before confirming an evaluation.", _raft.Leader);
                completions.Add(() => confirmation.Done.TrySetException(error));
                _confirmations.RemoveAt(i);
                continue;
            }

            foreach (var read in ready.ReadStates)
            {
                confirmation.LeaderConfirmed |= read.Context == confirmation.ReadContext;
            }

            if (confirmation.LeaderConfirmed && _applied >= confirmation.Index)
            {
                completions.Add(() => confirmation.Done.TrySetResult());
                _confirmations.RemoveAt(i);
            }
        }
    }

    /// <summary>
    /// Drops the log through the last entry that every member holds durably (the leader knows; it
    /// tells followers in heartbeats) and this replica has applied: no member can ever need those
    /// entries again, so no snapshot is ever sent. The next round deletes them from storage.
    /// </summary>
    private void MaybeCompact()
    {
        if (_raft.AppliedIndex - _raft.SnapshotIndex < CompactionThreshold)
        {
            return;
        }

        var through = Math.Min(_raft.AppliedIndex, _raft.SafeCompactIndex);
        if (through > _raft.SnapshotIndex)
        {
            _raft.CompactLog(through);
            _compacted = _raft.LatestSnapshot.Metadata;
            _wake();
        }
    }

    /// <summary>
    /// A member needs the group's items (a new replica behind the compacted log, or a log replica being
    /// built into a full one): the leader reads them at its applied index. The engine holds exactly
    /// that state now: only processing rounds apply, and this runs inside one, after its applies.
    /// </summary>
    private void MaybeOfferDataSnapshot()
    {
        if (!_raft.DataSnapshotWanted || _raft.Role != RaftRole.Leader || !_holdsData || SnapshotScope is null)
        {
            return;
        }

        var data = PartitionSnapshot.Build(Engine, SnapshotScope.Ranges(Group));
        _raft.OfferDataSnapshot(_applied, data);
        _wake();
    }

    /// <summary>Completes <see cref="Changed"/> when the role or leader changed, or this replica started or stopped serving.</summary>
    private void AnnounceChanges(List<Action> completions, bool force)
    {
        var serving = ServingUnlocked;
        if (force || serving != _announcedServing)
        {
            _announcedServing = serving;
            var changed = _changed;
            _changed = NewSignal();
            completions.Add(() => changed.TrySetResult());
        }
    }

    private void ThrowUnlessServing()
    {
        if (!ServingUnlocked)
        {
            throw Unavailable();
        }
    }

    private ReplicaUnavailableException Unavailable() =>
        _stopped
            ? new ReplicaUnavailableException($"Replica of group {Group} on node {_raft.Id} is stopped.", 0)
            : new ReplicaUnavailableException($"Replica of group {Group} on node {_raft.Id} is not the serving leader.", _raft.Leader);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>An evaluation waiting to be confirmed: its term, the pending write it read (0 = none), its read round (0 = the lease held).</summary>
    private sealed class Confirmation(ulong term, ulong index, ulong readContext)
    {
        public ulong Term { get; } = term;

        public ulong Index { get; } = index;

        public ulong ReadContext { get; } = readContext;

        public bool LeaderConfirmed { get; set; } = readContext == 0;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
