using System.Buffers.Binary;

namespace Basalt.Replication;

/// <summary>
/// A group's configuration: full voters, log replicas (vote and persist but never campaign, lead
/// or serve reads) and learners (receive the log, never vote). Immutable.
/// </summary>
public sealed class Membership : IEquatable<Membership>
{
    private readonly ulong[] voters;
    private readonly ulong[] logReplicas;
    private readonly ulong[] learners;
    private readonly ulong[] voting;

    /// <summary>A configuration with no members (a node that has not yet learned its group).</summary>
    public static Membership Empty { get; } = new([], [], []);

    /// <summary>Creates a configuration; ids must be non-zero and appear in at most one role.</summary>
    public Membership(IEnumerable<ulong> voters, IEnumerable<ulong> logReplicas, IEnumerable<ulong> learners)
    {
        this.voters = Sorted(voters);
        this.logReplicas = Sorted(logReplicas);
        this.learners = Sorted(learners);
        voting = Sorted(this.voters.Concat(this.logReplicas));
        var all = voting.Concat(this.learners).ToArray();
        if (all.Distinct().Count() != all.Length)
        {
            throw new ArgumentException("A node may hold only one role in a configuration.");
        }

        if (Array.IndexOf(all, 0UL) >= 0)
        {
            throw new ArgumentException("Node id 0 is reserved.");
        }
    }

    /// <summary>A configuration of full voters only.</summary>
    public static Membership OfVoters(params ulong[] ids) => new(ids, [], []);

    /// <summary>Full voters: may campaign, lead and serve reads.</summary>
    public IReadOnlyList<ulong> Voters => voters;

    /// <summary>Log replicas: count in quorums but never campaign, lead or serve reads.</summary>
    public IReadOnlyList<ulong> LogReplicas => logReplicas;

    /// <summary>Learners: receive the log but never vote.</summary>
    public IReadOnlyList<ulong> Learners => learners;

    /// <summary>Every member whose vote and acknowledgement count toward quorums (voters and log replicas).</summary>
    public IReadOnlyList<ulong> Voting => voting;

    /// <summary>Whether the node's vote counts toward quorums.</summary>
    public bool IsVoting(ulong id) => Array.BinarySearch(voting, id) >= 0;

    /// <summary>Whether the node may campaign and lead.</summary>
    public bool IsFullVoter(ulong id) => Array.BinarySearch(voters, id) >= 0;

    /// <summary>Whether the node is a log replica.</summary>
    public bool IsLogReplica(ulong id) => Array.BinarySearch(logReplicas, id) >= 0;

    /// <summary>Whether the node is a learner.</summary>
    public bool IsLearner(ulong id) => Array.BinarySearch(learners, id) >= 0;

    /// <summary>Whether the node is a member in any role.</summary>
    public bool Contains(ulong id) => IsVoting(id) || IsLearner(id);

    /// <summary>Every member in any role, voting members first.</summary>
    public IEnumerable<ulong> All => voting.Concat(learners);

    /// <summary>Applies a single-server change; returns false (with a reason) when it is not allowed.</summary>
    public bool TryApply(ConfigChange change, out Membership result, out string? error) => TryApply(change, out result, out error, promoteLogReplica: false);

    /// <summary>
    /// Applies a single-server change; with <paramref name="promoteLogReplica"/>, a log replica may
    /// become a full voter (the caller has established that it now holds a state machine).
    /// </summary>
    public bool TryApply(ConfigChange change, out Membership result, out string? error, bool promoteLogReplica)
    {
        result = this;
        error = null;
        var id = change.NodeId;
        if (id == 0)
        {
            error = "node id 0 is reserved";
            return false;
        }

        if (IsLogReplica(id) && (change.Type == ConfigChangeType.AddLearner || (change.Type == ConfigChangeType.AddVoter && !promoteLogReplica)))
        {
            // It kept no state machine: replace it with a new replica instead of promoting it.
            error = "a log replica cannot become a voter or learner; add a new replica and remove it";
            return false;
        }

        var v = voters.Where(x => x != id);
        var r = logReplicas.Where(x => x != id);
        var l = learners.Where(x => x != id);
        switch (change.Type)
        {
            case ConfigChangeType.AddVoter:
                v = v.Append(id);
                break;
            case ConfigChangeType.AddLogReplica:
                r = r.Append(id);
                break;
            case ConfigChangeType.AddLearner:
                l = l.Append(id);
                break;
            case ConfigChangeType.Remove:
                if (!Contains(id))
                {
                    error = "node is not a member";
                    return false;
                }

                break;
            default:
                error = "unknown change type";
                return false;
        }

        var next = new Membership(v, r, l);
        if (next.voters.Length == 0)
        {
            error = "a group needs at least one full voter";
            return false;
        }

        if (next.Equals(this))
        {
            error = "the change does nothing";
            return false;
        }

        result = next;
        return true;
    }

    /// <summary>Encodes the configuration (version byte, then three length-prefixed id lists).</summary>
    public byte[] Encode()
    {
        var buffer = new byte[1 + (3 * 4) + (8 * (voters.Length + logReplicas.Length + learners.Length))];
        buffer[0] = 1;
        var offset = 1;
        foreach (var list in new[] { voters, logReplicas, learners })
        {
            BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(offset), list.Length);
            offset += 4;
            foreach (var id in list)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(offset), id);
                offset += 8;
            }
        }

        return buffer;
    }

    /// <summary>Decodes what <see cref="Encode"/> wrote.</summary>
    public static Membership Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length < 13 || data[0] != 1)
        {
            throw new FormatException("Not an encoded membership (version 1).");
        }

        var lists = new ulong[3][];
        var offset = 1;
        for (var i = 0; i < 3; i++)
        {
            var count = BinaryPrimitives.ReadInt32LittleEndian(data[offset..]);
            offset += 4;
            if (count < 0 || offset + (8L * count) > data.Length)
            {
                throw new FormatException("Truncated membership.");
            }

            lists[i] = new ulong[count];
            for (var j = 0; j < count; j++)
            {
                lists[i][j] = BinaryPrimitives.ReadUInt64LittleEndian(data[offset..]);
                offset += 8;
            }
        }

        return new Membership(lists[0], lists[1], lists[2]);
    }

    /// <inheritdoc/>
    public bool Equals(Membership? other) =>
        other is not null && voters.AsSpan().SequenceEqual(other.voters) &&
        logReplicas.AsSpan().SequenceEqual(other.logReplicas) && learners.AsSpan().SequenceEqual(other.learners);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Membership);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var id in voting)
        {
            hash.Add(id);
        }

        hash.Add(logReplicas.Length);
        foreach (var id in learners)
        {
            hash.Add(id);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"voters=[{string.Join(',', voters)}] logReplicas=[{string.Join(',', logReplicas)}] learners=[{string.Join(',', learners)}]";

    private static ulong[] Sorted(IEnumerable<ulong> ids)
    {
        var array = ids.ToArray();
        Array.Sort(array);
        return array;
    }
}
