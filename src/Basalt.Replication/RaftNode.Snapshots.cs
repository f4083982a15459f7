using Basalt.Replication.Log;
using Basalt.Replication.Tracking;

namespace Basalt.Replication;

/// <summary>
/// Log compaction (§7) and snapshots sent in chunks. Two ways to hold snapshot data: the host passes
/// its state-machine image at every <see cref="Compact"/> (small state machines), or — with
/// <see cref="DataSnapshotsOnDemand"/> — the log is compacted without data (<see cref="CompactLog"/>) and
/// the leader asks the host for an image only when a member needs one (<see cref="DataSnapshotWanted"/>,
/// <see cref="OfferDataSnapshot"/>). Log replicas are sent the metadata only, unless the host asked for a
/// data install on one (<see cref="RequestDataInstall"/>): a log replica being built into a full one.
/// </summary>
public sealed partial class RaftNode
{
    private readonly SnapshotReceiver receiver = new();
    private Snapshot? pendingSnapshot;
    private bool pendingSnapshotKeepsLog;
    private Snapshot? dataSnapshot;

    /// <summary>
    /// The host's snapshots are made on demand: compaction points carry no data, and a member that
    /// needs a state-machine image waits for <see cref="OfferDataSnapshot"/>. Set once, before use.
    /// </summary>
    public bool DataSnapshotsOnDemand { get; set; }

    /// <summary>Leader: a member needs a state-machine image; the host should call <see cref="OfferDataSnapshot"/>.</summary>
    public bool DataSnapshotWanted { get; private set; }

    /// <summary>
    /// The host took a snapshot of its state machine after applying through <paramref name="index"/>:
    /// drop the log up to it. Log replicas pass empty data.
    /// </summary>
    public void Compact(ulong index, ReadOnlyMemory<byte> data)
    {
        if (index <= log.SnapshotIndex)
        {
            return;
        }

        if (index > log.Applied)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"Cannot compact beyond the applied index {log.Applied}.");
        }

        var meta = new SnapshotMetadata(index, log.At(index).Term, log.Configs.At(index));
        log.CompactTo(index);
        latestSnapshot = new Snapshot(meta, data);
    }

    /// <summary>Drops the log through <paramref name="index"/> without a state-machine image (see <see cref="DataSnapshotsOnDemand"/>).</summary>
    public void CompactLog(ulong index) => Compact(index, ReadOnlyMemory<byte>.Empty);

    /// <summary>
    /// Leader: the host's state-machine image after applying through <paramref name="index"/> (at least
    /// the log's compaction point, at most the applied index), for the members that need one.
    /// </summary>
    public void OfferDataSnapshot(ulong index, ReadOnlyMemory<byte> data)
    {
        if (Role != RaftRole.Leader)
        {
            return;
        }

        if (index < log.SnapshotIndex || index > log.Applied || !log.TryTerm(index, out var term))
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"A data snapshot must be between the compaction point {log.SnapshotIndex} and the applied index {log.Applied}.");
        }

        dataSnapshot = new Snapshot(new SnapshotMetadata(index, term, log.Configs.At(index)), data);
        DataSnapshotWanted = false;
        foreach (var id in progress.Keys.ToArray())
        {
            if (id != Id)
            {
                SendAppend(id, sendIfEmpty: false);
            }
        }
    }

    /// <summary>
    /// Leader: install a state-machine image on <paramref name="id"/>, a log replica, although it holds
    /// the log — the first step of building it into a full replica (see <see cref="ConfigChangeType.AddVoter"/>).
    /// True once the member has acknowledged the install in this term.
    /// </summary>
    public bool RequestDataInstall(ulong id)
    {
        if (Role != RaftRole.Leader || id == Id || !progress.TryGetValue(id, out var pr))
        {
            return false;
        }

        if (pr.DataInstalled)
        {
            return true;
        }

        if (!pr.WantsData)
        {
            pr.WantsData = true;
            SendAppend(id, sendIfEmpty: false);
        }

        return false;
    }

    /// <summary>Leader: whether <paramref name="id"/> acknowledged a data install in this term.</summary>
    public bool PeerHoldsData(ulong id) => Role == RaftRole.Leader && progress.TryGetValue(id, out var pr) && pr.DataInstalled;

    /// <summary>The snapshot a member must be sent: a state-machine image, or the compaction point's metadata; null when the host has yet to make the image.</summary>
    private Snapshot? SnapshotFor(ulong to, bool force)
    {
        if (!DataSnapshotsOnDemand || (!force && membership.IsLogReplica(to)))
        {
            return force ? null : latestSnapshot;
        }

        if (dataSnapshot is { } data && data.Metadata.Index >= log.SnapshotIndex)
        {
            return data;
        }

        dataSnapshot = null;
        DataSnapshotWanted = true;
        return null;
    }

    private bool SendSnapshotChunk(ulong to, Progress pr)
    {
        var force = pr.WantsData && !pr.DataInstalled;
        if (SnapshotFor(to, force) is not { } snapshot)
        {
            return false;
        }

        var meta = snapshot.Metadata;
        var isData = DataSnapshotsOnDemand && !ReferenceEquals(snapshot, latestSnapshot);
        if (pr.State != ProgressState.Snapshot || pr.PendingSnapshot != meta.Index || pr.PendingIsData != isData || pr.PendingForce != force)
        {
            pr.BecomeSnapshot(meta.Index, isData, force);
        }

        pr.SnapshotSentTick = now;
        var offset = Math.Min(pr.SnapshotOffset, snapshot.Data.Length);
        var length = (int)Math.Min(config.MaxSnapshotChunkBytes, snapshot.Data.Length - offset);
        Send(new Message
        {
            Type = MessageType.Snapshot, From = Id, To = to, Term = Term, Commit = log.Committed,
            Snapshot = meta, SnapshotOffset = offset, SnapshotSize = snapshot.Data.Length,
            Data = snapshot.Data.Slice((int)offset, length), SentTick = now, Seq = readSeq, Force = force,
        });
        return true;
    }

    private void HandleSnapshot(Message m)
    {
        var meta = m.Snapshot!;
        if (m.Force && meta.Index < log.SnapshotIndex)
        {
            // Our log no longer reaches back to the image: we could not catch up from it. Ask for a newer one.
            receiver.Reset();
            Send(new Message
            {
                Type = MessageType.SnapshotResponse, From = Id, To = m.From, Term = Term, Index = meta.Index,
                Reject = true, SentTick = m.SentTick, Seq = m.Seq,
            });
            return;
        }

        if (!m.Force && meta.Index <= log.Committed)
        {
            receiver.Reset();
            Send(Respond(m, MessageType.AppendResponse, index: log.Committed));
            return;
        }

        if (!receiver.Accept(meta, m.SnapshotOffset, m.SnapshotSize, m.Data.Span) || !receiver.Complete)
        {
            Send(new Message
            {
                Type = MessageType.SnapshotResponse, From = Id, To = m.From, Term = Term, Index = meta.Index,
                SnapshotOffset = receiver.ReceivedOf(meta.Index, meta.Term), SentTick = m.SentTick, Seq = m.Seq,
            });
            return;
        }

        var snapshot = receiver.Take();
        if (m.Force && log.MatchTerm(meta.Index, meta.Term))
        {
            // A data install on a replica that holds the log: keep the log (every entry it acknowledged
            // stays), take the image as the state at its index and apply the entries after it again.
            log.CommitTo(meta.Index);
            log.RewindApplied(meta.Index);

            // A restore not yet handed to the host (a duplicate of the same install) stays one: its log is still to be replaced.
            pendingSnapshotKeepsLog = pendingSnapshot is null || pendingSnapshotKeepsLog;
            pendingSnapshot = snapshot;
        }
        else if (!m.Force && log.MatchTerm(meta.Index, meta.Term))
        {
            // We already hold the log the snapshot covers: just commit through it.
            log.CommitTo(meta.Index);
        }
        else
        {
            log.Restore(meta);
            SyncMembership();
            latestSnapshot = membership.IsLogReplica(Id) || DataSnapshotsOnDemand ? snapshot with { Data = ReadOnlyMemory<byte>.Empty } : snapshot;
            pendingSnapshot = snapshot;
            pendingSnapshotKeepsLog = false;
        }

        if (m.Force)
        {
            // Acknowledged once the host has persisted the Ready (its messages go out after the sync).
            Send(new Message
            {
                Type = MessageType.SnapshotResponse, From = Id, To = m.From, Term = Term, Index = meta.Index,
                SnapshotOffset = m.SnapshotSize, Force = true, SentTick = m.SentTick, Seq = m.Seq,
            });
        }

        Send(Respond(m, MessageType.AppendResponse, index: log.LastIndex));
    }

    private void HandleSnapshotResponse(Message m, Progress pr)
    {
        Acknowledged(m, pr);
        if (pr.State != ProgressState.Snapshot || pr.PendingSnapshot != m.Index)
        {
            return;
        }

        if (m.Reject)
        {
            // The member compacted its log past our image: make a newer one.
            if (dataSnapshot is { } stale && stale.Metadata.Index <= m.Index)
            {
                dataSnapshot = null;
            }

            pr.BecomeProbe();
            SendAppend(m.From, sendIfEmpty: true);
            return;
        }

        if (m.Force)
        {
            if (pr.PendingForce)
            {
                pr.DataInstalled = true;
                pr.WantsData = false;
            }

            pr.MaybeUpdate(m.Index);
            pr.BecomeProbe();
            SendAppend(m.From, sendIfEmpty: true);
            return;
        }

        pr.SnapshotOffset = m.SnapshotOffset;
        SendSnapshotChunk(m.From, pr);
    }
}
