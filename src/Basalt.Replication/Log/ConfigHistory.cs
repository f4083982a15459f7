namespace Basalt.Replication.Log;

/// <summary>
/// The configurations in a node's log. A configuration takes effect as soon as its entry is in the
/// log (committed or not) and is reverted when that entry is truncated away.
/// </summary>
internal sealed class ConfigHistory(ulong baseIndex, Membership baseMembership)
{
    private readonly List<(ulong Index, Membership Membership)> changes = [];
    private (ulong Index, Membership Membership) @base = (baseIndex, baseMembership);

    /// <summary>The configuration in force: the latest in the log.</summary>
    public Membership Current => changes.Count > 0 ? changes[^1].Membership : @base.Membership;

    /// <summary>Index of the entry that set <see cref="Current"/> (or the snapshot's index).</summary>
    public ulong CurrentIndex => changes.Count > 0 ? changes[^1].Index : @base.Index;

    /// <summary>The configuration in force at <paramref name="index"/>.</summary>
    public Membership At(ulong index)
    {
        for (var i = changes.Count - 1; i >= 0; i--)
        {
            if (changes[i].Index <= index)
            {
                return changes[i].Membership;
            }
        }

        return @base.Membership;
    }

    public void Add(ulong index, Membership membership) => changes.Add((index, membership));

    /// <summary>Forgets configurations from entries at or after <paramref name="index"/>.</summary>
    public void TruncateFrom(ulong index)
    {
        var keep = changes.Count;
        while (keep > 0 && changes[keep - 1].Index >= index)
        {
            keep--;
        }

        changes.RemoveRange(keep, changes.Count - keep);
    }

    /// <summary>Folds configurations at or before <paramref name="index"/> into the base.</summary>
    public void CompactTo(ulong index)
    {
        var fold = 0;
        while (fold < changes.Count && changes[fold].Index <= index)
        {
            @base = changes[fold];
            fold++;
        }

        changes.RemoveRange(0, fold);
    }

    public void Reset(ulong index, Membership membership)
    {
        changes.Clear();
        @base = (index, membership);
    }
}
