namespace Basalt.Replication.Tracking;

/// <summary>The outcome of counting votes.</summary>
internal enum VoteResult
{
    Pending,
    Won,
    Lost,
}

/// <summary>Majority-quorum arithmetic over the voting members of one configuration.</summary>
internal static class Quorum
{
    /// <summary>Members needed for a majority of <paramref name="voters"/>.</summary>
    public static int Majority(int voters) => (voters / 2) + 1;

    /// <summary>
    /// The largest value that at least a majority of <paramref name="values"/> (one per voter) reach.
    /// Sorts the span in place. Returns <paramref name="ifEmpty"/> when there are no voters.
    /// </summary>
    public static T MajorityValue<T>(Span<T> values, T ifEmpty)
        where T : IComparable<T>
    {
        if (values.Length == 0)
        {
            return ifEmpty;
        }

        values.Sort();
        return values[values.Length - Majority(values.Length)];
    }

    /// <summary>Counts granted and rejected votes among <paramref name="voters"/>.</summary>
    public static VoteResult Tally(IReadOnlyList<ulong> voters, Dictionary<ulong, bool> votes)
    {
        int granted = 0, rejected = 0;
        foreach (var id in voters)
        {
            if (votes.TryGetValue(id, out var v))
            {
                if (v)
                {
                    granted++;
                }
                else
                {
                    rejected++;
                }
            }
        }

        var need = Majority(voters.Count);
        if (granted >= need)
        {
            return VoteResult.Won;
        }

        return voters.Count - rejected < need ? VoteResult.Lost : VoteResult.Pending;
    }
}
