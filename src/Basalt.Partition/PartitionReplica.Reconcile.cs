using Basalt.Replication;

namespace Basalt.Partition;

/// <summary>
/// Membership reconciliation on the leader: the group's Raft membership moves towards a desired one
/// by single-server changes, one at a time, each committed before the next. The order keeps the
/// group writable and every committed entry on a majority of voting members throughout:
/// 1. remove members gone from the desired set (the leader itself last, by handing leadership over);
/// 2. add desired log replicas (a new voting member that persists the log, so the write quorum is
///    whole again within one change);
/// 3. build desired full voters: a log replica stays a voting member while the leader installs a
///    data snapshot under the log it holds (items at an index it has, then the entries after it
///    applied again), and is promoted only once it acknowledged the install and caught up with the
///    commit index; an absent one joins as a learner (snapshot and log, no vote), then is promoted.
/// Promoting in place was chosen over removing the log replica and adding it back as a learner: the
/// removal would shrink the voting set (a group of three down to two, with no tolerance for a
/// failure) for the whole time the items are copied, while in place the log replica keeps voting and
/// holding every entry it acknowledged; it never campaigns until it holds items.
/// Stateless and idempotent: any leader resumes where the last one stopped, from the membership in its log.
/// </summary>
public sealed partial class PartitionReplica
{
    /// <summary>Takes the next step towards <paramref name="desired"/>, if this replica is the serving leader.</summary>
    /// <exception cref="ArgumentException">The desired membership has no full voter, or a step towards it is not allowed.</exception>
    public ReconcileStatus Reconcile(Membership desired)
    {
        ArgumentNullException.ThrowIfNull(desired);
        if (desired.Voters.Count == 0)
        {
            throw new ArgumentException("A group needs at least one full voter.", nameof(desired));
        }

        ReconcileStatus status;
        lock (_lock)
        {
            status = ReconcileUnlocked(desired);
        }

        _wake();
        return status;
    }

    /// <summary>Reconciles until the group's membership is <paramref name="desired"/> (true) or this replica stops leading (false).</summary>
    public async Task<bool> ReconcileAsync(Membership desired, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Task round;
            lock (_lock)
            {
                _nextRound ??= NewSignal();
                round = _nextRound.Task;
            }

            switch (Reconcile(desired))
            {
                case ReconcileStatus.Done:
                    return true;
                case ReconcileStatus.NotLeader:
                    return false;
            }

            await round.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private ReconcileStatus ReconcileUnlocked(Membership desired)
    {
        if (!ServingUnlocked)
        {
            return ReconcileStatus.NotLeader;
        }

        var current = _raft.Membership;
        if (_raft.MembershipIndex > _raft.CommitIndex)
        {
            return ReconcileStatus.InProgress;
        }

        if (current.Equals(desired))
        {
            return ReconcileStatus.Done;
        }

        var self = _raft.Id;
        foreach (var id in current.All)
        {
            if (id != self && !desired.Contains(id))
            {
                return Change(ConfigChangeType.Remove, id);
            }
        }

        foreach (var id in desired.LogReplicas)
        {
            if (id != self && !current.IsLogReplica(id))
            {
                return Change(ConfigChangeType.AddLogReplica, id);
            }
        }

        foreach (var id in desired.Voters)
        {
            if (current.IsFullVoter(id))
            {
                continue;
            }

            if (current.IsLogReplica(id))
            {
                // Items first (a data snapshot under the log it keeps), then the vote to lead.
                return _raft.RequestDataInstall(id) && CaughtUp(id) ? Change(ConfigChangeType.AddVoter, id) : ReconcileStatus.InProgress;
            }

            if (current.IsLearner(id))
            {
                return CaughtUp(id) ? Change(ConfigChangeType.AddVoter, id) : ReconcileStatus.InProgress;
            }

            return Change(ConfigChangeType.AddLearner, id);
        }

        foreach (var id in desired.Learners)
        {
            if (id != self && !current.IsLearner(id))
            {
                return Change(ConfigChangeType.AddLearner, id);
            }
        }

        if (!desired.IsFullVoter(self))
        {
            // The leader leaves or steps down to a lesser role: a desired full voter leads from here.
            var target = desired.Voters.FirstOrDefault(id => current.IsFullVoter(id) && CaughtUp(id));
            if (target != 0)
            {
                _raft.TransferLeadership(target);
            }

            return ReconcileStatus.InProgress;
        }

        return ReconcileStatus.InProgress;
    }

    private ReconcileStatus Change(ConfigChangeType type, ulong id)
    {
        var outcome = _raft.ProposeConfigChange(new ConfigChange(type, id));
        return outcome.Status switch
        {
            ProposeStatus.Accepted or ProposeStatus.ConfigChangePending or ProposeStatus.TransferInProgress => ReconcileStatus.InProgress,
            ProposeStatus.NotLeader => ReconcileStatus.NotLeader,
            _ => throw new ArgumentException($"Group {Group}: cannot {type} node {id}: {outcome.Error}"),
        };
    }

    /// <summary>Whether the leader knows <paramref name="id"/> holds the log through the commit index.</summary>
    private bool CaughtUp(ulong id)
    {
        foreach (var peer in _raft.Peers)
        {
            if (peer.Id == id)
            {
                return peer.Match >= _raft.CommitIndex;
            }
        }

        return false;
    }
}
