using System.Threading.Channels;
using Basalt.Metadata.Commands;
using Basalt.Metadata.Group;
using Basalt.Metadata.StateMachine;
using Basalt.Node;
using Basalt.Replication;

namespace Basalt.Control.Members;

/// <summary>
/// One running meta group member: a <see cref="MetaGroupMember"/> driven by one loop that takes
/// received Raft messages, proposals, map reads and ticks from an inbox, then handles every Ready —
/// persist (synced before anything is sent when Raft asks), send, apply. Everything else talks to
/// it through that inbox, so the member and its map are only ever touched by the loop.
/// </summary>
public sealed class MetaMember : IAsyncDisposable, Basalt.Node.Transport.IRaftMessageSink
{
    private readonly MetaGroupMember _group;
    private readonly MetaStorage _storage;
    private readonly INodeTransport _transport;
    private readonly TimeProvider _time;
    private readonly Channel<Func<bool>> _inbox = Channel.CreateUnbounded<Func<bool>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _changed = NewSignal();
    private Task _loop = Task.CompletedTask;
    private ITimer? _ticker;
    private long _version;
    private long _leaderId;

    private MetaMember(MetaGroupMember group, MetaStorage storage, INodeTransport transport, IReadOnlyDictionary<ulong, Uri> members, TimeProvider time)
    {
        _group = group;
        _storage = storage;
        _transport = transport;
        _time = time;
        Members = members;
        _version = (long)group.Map.Version;
    }

    /// <summary>Every member's id and gRPC address (this one included).</summary>
    public IReadOnlyDictionary<ulong, Uri> Members { get; }

    public ulong Id => _group.Id;

    /// <summary>The leader as of the last round (0 when unknown); readable from any thread.</summary>
    public ulong Leader => (ulong)Interlocked.Read(ref _leaderId);

    /// <summary>Whether this member led as of the last round.</summary>
    public bool IsLeader => Leader == Id;

    /// <summary>The applied map's version; readable from any thread.</summary>
    public ulong Version => (ulong)Interlocked.Read(ref _version);

    /// <summary>Completes at the next applied change (or leadership change).</summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    /// <summary>The change stream and snapshots (thread-safe reads).</summary>
    public MetaGroupMember Group => _group;

    /// <summary>Raised on the loop when this member becomes leader (true) or stops leading (false).</summary>
    public event Action<bool>? LeadershipChanged;

    /// <summary>Opens (or recovers) a member from <paramref name="storage"/> and starts its loop with ticks every <paramref name="tick"/>.</summary>
    public static async Task<MetaMember> StartAsync(
        ulong id,
        IReadOnlyDictionary<ulong, Uri> members,
        MetaStorage storage,
        INodeTransport transport,
        TimeSpan tick,
        TimeProvider? time = null,
        ulong compactionThreshold = 1024,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(storage);
        var membership = Membership.OfVoters([.. members.Keys]);
        var state = await storage.LoadAsync(membership, cancellationToken).ConfigureAwait(false);
        var config = new RaftConfig { Id = id, ElectionTicks = 10, HeartbeatTicks = 1 };
        var group = new MetaGroupMember(config, state, new Random(unchecked((int)id * 7919) ^ Environment.TickCount))
        {
            CompactionThreshold = compactionThreshold,
        };
        var member = new MetaMember(group, storage, transport, members, time ?? TimeProvider.System);
        member._loop = Task.Run(() => member.RunAsync(member._stop.Token));
        member._ticker = member._time.CreateTimer(_ => member.Post(() => { group.Tick(); return true; }), null, tick, tick);
        return member;
    }

    /// <summary>Hands a received Raft message to the member.</summary>
    public void Deliver(Message message) => Post(() =>
    {
        _group.Step(message);
        return true;
    });

    /// <summary>The gRPC transport's delivery: only the meta group's (group 0) messages are the member's; others are dropped.</summary>
    void Basalt.Node.Transport.IRaftMessageSink.Deliver(ulong group, Message message)
    {
        if (group == MetaStorage.Group)
        {
            Deliver(message);
        }
    }

    /// <summary>
    /// Proposes a command and waits until it is applied here: the result, or null when this member
    /// does not lead (or lost the proposal to a leader change).
    /// </summary>
    public async Task<ApplyResult?> ProposeAsync(MetaCommand command, CancellationToken cancellationToken = default)
    {
        var taken = new TaskCompletionSource<Task<ApplyResult>?>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            if (_group.Role != RaftRole.Leader)
            {
                taken.TrySetResult(null);
                return false;
            }

            var proposal = _group.Propose(command);
            taken.TrySetResult(proposal.Applied);
            return true;
        });
        var applied = await taken.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (applied is null)
        {
            return null;
        }

        try
        {
            return await applied.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (MetaProposalLostException)
        {
            return null;
        }
    }

    /// <summary>Reads the applied map on the loop.</summary>
    public Task<T> ReadAsync<T>(Func<PartitionMap, RaftNode, T> read, CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            try
            {
                done.TrySetResult(read(_group.Map, _group.Raft));
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }

            return false;
        });
        return done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Completes when the loop ends: at disposal, or faulted when storage failed (the member must stop).</summary>
    public Task Completion => _loop;

    /// <summary>The gRPC address of the leader, when known.</summary>
    public Uri? LeaderAddress => Members.TryGetValue(Leader, out var address) ? address : null;

    public async ValueTask DisposeAsync()
    {
        if (_ticker is not null)
        {
            await _ticker.DisposeAsync().ConfigureAwait(false);
        }

        _inbox.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Post(Func<bool> work) => _inbox.Writer.TryWrite(work);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var reader = _inbox.Reader;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (reader.TryRead(out var work))
            {
                work();
            }

            var signal = false;
            while (_group.HasReady)
            {
                var ready = _group.TakeReady();
                await _storage.PersistAsync(ready, cancellationToken).ConfigureAwait(false);
                foreach (var message in ready.Messages)
                {
                    _transport.Send(MetaStorage.Group, message);
                }

                _transport.Flush();
                if (_group.Complete(ready) is { } compacted)
                {
                    await _storage.CompactAsync(compacted, cancellationToken).ConfigureAwait(false);
                }

                signal |= ready.CommittedEntries.Count > 0 || ready.Snapshot is not null || ready.SoftStateChanged;
            }

            var leader = _group.Role == RaftRole.Leader ? Id : _group.Leader;
            if (leader != Leader)
            {
                var was = Leader == Id;
                Interlocked.Exchange(ref _leaderId, (long)leader);
                signal = true;
                if (was != (leader == Id))
                {
                    LeadershipChanged?.Invoke(leader == Id);
                }
            }

            if (signal)
            {
                Interlocked.Exchange(ref _version, (long)_group.Map.Version);
                Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();
            }
        }
    }
}
