namespace Basalt.Replication;

/// <summary>Leadership transfer (§3.10 of the dissertation).</summary>
public sealed partial class RaftNode
{
    /// <summary>
    /// Hands leadership to <paramref name="target"/>: stop taking proposals, bring its log up to
    /// date, then tell it to campaign at once. Abandoned after an election timeout. The lease is
    /// given up for the rest of the term because the forced election ignores it.
    /// </summary>
    public TransferStatus TransferLeadership(ulong target)
    {
        if (Role != RaftRole.Leader)
        {
            return TransferStatus.NotLeader;
        }

        if (target == Id)
        {
            return TransferStatus.Started;
        }

        if (!membership.IsFullVoter(target) || !progress.TryGetValue(target, out var pr))
        {
            return TransferStatus.InvalidTarget;
        }

        TransferTarget = target;
        leaseDisabled = true;
        electionElapsed = 0;
        if (pr.Match == log.LastIndex)
        {
            SendTimeoutNow(target);
        }
        else
        {
            SendAppend(target, sendIfEmpty: true);
        }

        return TransferStatus.Started;
    }

    private void SendTimeoutNow(ulong to) =>
        Send(new Message { Type = MessageType.TimeoutNow, From = Id, To = to, Term = Term });

    private void HandleTimeoutNow(Message m)
    {
        if (Promotable)
        {
            StartElection(force: true);
        }
    }
}
