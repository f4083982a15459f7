using Basalt.Replication.Log;
using Basalt.Replication.Tracking;

namespace Basalt.Replication;

/// <summary>
/// One member of a Raft group as a pure state machine: no I/O, threads, clock or randomness of its
/// own. The host feeds it <see cref="Tick"/>, <see cref="Step"/>, <see cref="Propose"/> and
/// <see cref="ReadIndex"/>, then takes a <see cref="Ready"/> (persist, send, apply) and calls
/// <see cref="Advance"/>. Not thread-safe: one caller at a time.
/// </summary>
public sealed partial class RaftNode
{
    private readonly RaftConfig config;
    private readonly Random random;
    private readonly RaftLog log;
    private readonly Dictionary<ulong, Progress> progress = [];
    private readonly Dictionary<ulong, bool> votes = [];
    private List<Message> outbox = [];

    private int electionElapsed;
    private int heartbeatElapsed;
    private int randomizedElectionTimeout;

    /// <summary>Local tick count since this incarnation started (leases and vote refusal use it).</summary>
    private long now;

    /// <summary>Local tick at which this node last heard from a leader (start counts as having just heard).</summary>
    private long lastLeaderContact;

    private Membership membership;
    private Snapshot latestSnapshot;

    /// <summary>Starts (or restarts) a node from its persisted state.</summary>
    public RaftNode(RaftConfig config, RaftInitialState state, Random random)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(random);
        config.Validate();
        this.config = config;
        this.random = random;
        log = new RaftLog(state.Snapshot.Metadata, state.Entries, state.HardState.Commit, Math.Max(state.Applied, state.Snapshot.Metadata.Index));
        latestSnapshot = state.Snapshot;
        Term = state.HardState.Term;
        Vote = state.HardState.Vote;
        membership = log.Configs.Current;
        persistedHardState = new HardState(Term, Vote, log.Committed);
        handedOutHardState = persistedHardState;
        handedOutSoftState = new SoftState(0, RaftRole.Follower);
        BecomeFollower(Term, 0);

        // A node that ever joined a term may have acknowledged a leader's lease it no longer
        // remembers: refuse votes for one election timeout (see InLease). Term 0 never acknowledged one.
        lastLeaderContact = Term == 0 ? long.MinValue / 2 : 0;
    }

    /// <summary>This node's id.</summary>
    public ulong Id => config.Id;

    /// <summary>Current term.</summary>
    public ulong Term { get; private set; }

    /// <summary>Whom this node voted for in <see cref="Term"/> (0 = nobody).</summary>
    public ulong Vote { get; private set; }

    /// <summary>The leader this node knows of in <see cref="Term"/> (0 = none).</summary>
    public ulong Leader { get; private set; }

    /// <summary>The role this node plays.</summary>
    public RaftRole Role { get; private set; }

    /// <summary>The configuration in force (the latest in the log).</summary>
    public Membership Membership => membership;

    /// <summary>Index of the entry that set <see cref="Membership"/> (or of the snapshot that carried it).</summary>
    public ulong MembershipIndex => log.Configs.CurrentIndex;

    /// <summary>Index of the last entry in the log.</summary>
    public ulong LastIndex => log.LastIndex;

    /// <summary>Term of the last entry in the log.</summary>
    public ulong LastTerm => log.LastTerm;

    /// <summary>Highest index known committed.</summary>
    public ulong CommitIndex => log.Committed;

    /// <summary>Highest index handed to the host for applying.</summary>
    public ulong AppliedIndex => log.Applied;

    /// <summary>Index of the latest snapshot (the log starts after it).</summary>
    public ulong SnapshotIndex => log.SnapshotIndex;

    /// <summary>The latest snapshot this node holds (sent to followers that fell behind the log).</summary>
    public Snapshot LatestSnapshot => latestSnapshot;

    /// <summary>The node leadership is being transferred to (0 = none).</summary>
    public ulong TransferTarget { get; private set; }

    /// <summary>The leader's view of every member (empty unless this node leads), ordered by id.</summary>
    public IReadOnlyList<PeerStatus> Peers =>
        Role != RaftRole.Leader
            ? []
            : [.. progress.OrderBy(p => p.Key).Select(p => new PeerStatus(p.Key, p.Value.Match, p.Value.Next, p.Value.State.ToString(), p.Value.RecentActive))];

    /// <summary>Whether this node may campaign and lead: a full voter of its configuration.</summary>
    public bool Promotable =>
        (membership.IsFullVoter(Id) || (config.Bugs.HasFlag(InjectedBugs.LogReplicaCampaigns) && membership.IsVoting(Id)))
        && pendingSnapshot is null && HasStateMachine;

    /// <summary>
    /// Whether the host keeps this replica's state machine (default). A host replica that keeps only
    /// the log (a log replica's, until a data install) sets it false: it never campaigns, even if a
    /// configuration made it a full voter.
    /// </summary>
    public bool HasStateMachine { get; set; } = true;

    /// <summary>The term of the entry at <paramref name="index"/>, when it is still in the log.</summary>
    public bool TryGetTerm(ulong index, out ulong term) => log.TryTerm(index, out term);

    /// <summary>The entry at <paramref name="index"/> (between <see cref="SnapshotIndex"/>+1 and <see cref="LastIndex"/>).</summary>
    public Entry EntryAt(ulong index) =>
        index > log.SnapshotIndex && index <= log.LastIndex ? log.At(index) : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>Advances this node's clock by one tick.</summary>
    public void Tick()
    {
        now++;
        if (Role == RaftRole.Leader)
        {
            TickLeader();
        }
        else
        {
            TickElection();
        }
    }

    /// <summary>Handles a message from another node of the group.</summary>
    public void Step(Message m)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (m.To != Id || m.From == Id)
        {
            return;
        }

        if (m.Term > Term)
        {
            if (m.Type is MessageType.Vote or MessageType.PreVote && !m.Force && InLease())
            {
                // Heard from a leader within the election timeout: do not help depose it (§6, §9.6).
                return;
            }

            if (m.Type == MessageType.PreVote || (m.Type == MessageType.PreVoteResponse && !m.Reject))
            {
                // A pre-vote neither changes our term nor, when granted, the candidate's.
            }
            else
            {
                var leader = m.Type is MessageType.Append or MessageType.Heartbeat or MessageType.Snapshot ? m.From : 0UL;
                BecomeFollower(m.Term, leader);
            }
        }
        else if (m.Term < Term)
        {
            if (m.Type is MessageType.Append or MessageType.Heartbeat or MessageType.Snapshot)
            {
                // Tell the stale leader our term so it steps down (with pre-vote and check-quorum it
                // would otherwise never learn of it).
                Send(new Message { Type = MessageType.AppendResponse, From = Id, To = m.From, Term = Term });
            }
            else if (m.Type == MessageType.PreVote)
            {
                Send(new Message { Type = MessageType.PreVoteResponse, From = Id, To = m.From, Term = Term, Reject = true });
            }

            return;
        }

        if (m.Type is MessageType.Vote or MessageType.PreVote)
        {
            HandleVoteRequest(m);
            return;
        }

        switch (Role)
        {
            case RaftRole.Leader:
                StepLeader(m);
                break;
            case RaftRole.Follower:
                StepFollower(m);
                break;
            default:
                StepCandidate(m);
                break;
        }
    }

    private void StepFollower(Message m)
    {
        switch (m.Type)
        {
            case MessageType.Append:
                HeardFromLeader(m.From);
                HandleAppend(m);
                break;
            case MessageType.Heartbeat:
                HeardFromLeader(m.From);
                HandleHeartbeat(m);
                break;
            case MessageType.Snapshot:
                HeardFromLeader(m.From);
                HandleSnapshot(m);
                break;
            case MessageType.TimeoutNow:
                HandleTimeoutNow(m);
                break;
        }
    }

    private void StepCandidate(Message m)
    {
        switch (m.Type)
        {
            case MessageType.Append or MessageType.Heartbeat or MessageType.Snapshot:
                BecomeFollower(m.Term, m.From);
                StepFollower(m);
                break;
            case MessageType.VoteResponse or MessageType.PreVoteResponse:
                HandleVoteResponse(m);
                break;
        }
    }

    private void StepLeader(Message m)
    {
        if (!progress.TryGetValue(m.From, out var pr))
        {
            return;
        }

        switch (m.Type)
        {
            case MessageType.AppendResponse:
                HandleAppendResponse(m, pr);
                break;
            case MessageType.HeartbeatResponse:
                HandleHeartbeatResponse(m, pr);
                break;
            case MessageType.SnapshotResponse:
                HandleSnapshotResponse(m, pr);
                break;
        }
    }

    private void HeardFromLeader(ulong leader)
    {
        Leader = leader;
        electionElapsed = 0;
        lastLeaderContact = now;
    }

    private void Send(Message m) => outbox.Add(m);
}
