using Basalt.Replication.Log;
using Basalt.Replication.Tracking;

namespace Basalt.Replication;

/// <summary>Log compaction (§7) and snapshots sent in chunks.</summary>
public sealed partial class RaftNode
{
    private readonly SnapshotReceiver receiver = new();
    private Snapshot? pendingSnapshot;

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

    private bool SendSnapshotChunk(ulong to, Progress pr)
    {
        var snapshot = latestSnapshot;
        var meta = snapshot.Metadata;
        if (pr.State != ProgressState.Snapshot || pr.PendingSnapshot != meta.Index)
        {
            pr.BecomeSnapshot(meta.Index);
        }

        pr.SnapshotSentTick = now;
        var offset = Math.Min(pr.SnapshotOffset, snapshot.Data.Length);
        var length = (int)Math.Min(config.MaxSnapshotChunkBytes, snapshot.Data.Length - offset);
        Send(new Message
        {
            Type = MessageType.Snapshot, From = Id, To = to, Term = Term, Commit = log.Committed,
            Snapshot = meta, SnapshotOffset = offset, SnapshotSize = snapshot.Data.Length,
            Data = snapshot.Data.Slice((int)offset, length), SentTick = now, Seq = readSeq,
        });
        return true;
    }

    private void HandleSnapshot(Message m)
    {
        var meta = m.Snapshot!;
        if (meta.Index <= log.Committed)
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
        if (log.MatchTerm(meta.Index, meta.Term))
        {
            // We already hold the log the snapshot covers: just commit through it.
            log.CommitTo(meta.Index);
        }
        else
        {
            log.Restore(meta);
            SyncMembership();
            latestSnapshot = membership.IsLogReplica(Id) ? snapshot with { Data = ReadOnlyMemory<byte>.Empty } : snapshot;
            pendingSnapshot = snapshot;
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

        pr.SnapshotOffset = m.SnapshotOffset;
        SendSnapshotChunk(m.From, pr);
    }
}
