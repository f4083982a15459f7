namespace Basalt.Replication.Log;

/// <summary>
/// A node's log in memory: a compaction point (the latest snapshot's index and term), the entries
/// after it, and how far they are committed, applied and persisted. The host persists what
/// <see cref="Unstable"/> returns and reports it through <see cref="StableTo"/>.
/// </summary>
internal sealed class RaftLog
{
    private readonly List<Entry> entries = [];

    public RaftLog(SnapshotMetadata snapshot, IReadOnlyList<Entry> persisted, ulong commit, ulong applied)
    {
        SnapshotIndex = snapshot.Index;
        SnapshotTerm = snapshot.Term;
        Configs = new ConfigHistory(snapshot.Index, snapshot.Membership);
        var expected = snapshot.Index + 1;
        foreach (var e in persisted)
        {
            if (e.Index < expected)
            {
                continue;
            }

            if (e.Index != expected)
            {
                throw new ArgumentException($"Persisted entries have a gap at index {expected}.", nameof(persisted));
            }

            AddEntry(e);
            expected++;
        }

        Stable = LastIndex;
        Committed = Math.Clamp(commit, SnapshotIndex, LastIndex);
        Applied = Math.Clamp(applied, SnapshotIndex, Committed);
    }

    public ulong SnapshotIndex { get; private set; }

    public ulong SnapshotTerm { get; private set; }

    public ulong FirstIndex => SnapshotIndex + 1;

    public ulong LastIndex => SnapshotIndex + (ulong)entries.Count;

    public ulong LastTerm => entries.Count > 0 ? entries[^1].Term : SnapshotTerm;

    public ulong Committed { get; private set; }

    /// <summary>Last index handed to the host for applying.</summary>
    public ulong Applied { get; private set; }

    /// <summary>Last index the host has persisted.</summary>
    public ulong Stable { get; private set; }

    public ConfigHistory Configs { get; }

    public bool TryTerm(ulong index, out ulong term)
    {
        if (index == SnapshotIndex)
        {
            term = SnapshotTerm;
            return true;
        }

        if (index < SnapshotIndex || index > LastIndex)
        {
            term = 0;
            return false;
        }

        term = entries[(int)(index - SnapshotIndex - 1)].Term;
        return true;
    }

    public bool MatchTerm(ulong index, ulong term) => TryTerm(index, out var t) && t == term;

    public Entry At(ulong index) => entries[(int)(index - SnapshotIndex - 1)];

    /// <summary>Whether a log ending at (lastIndex, lastTerm) is at least as up to date as this one (§5.4.1).</summary>
    public bool IsUpToDate(ulong lastIndex, ulong lastTerm) =>
        lastTerm > LastTerm || (lastTerm == LastTerm && lastIndex >= LastIndex);

    /// <summary>
    /// Follower side of AppendEntries: when the entry at prevIndex has prevTerm, appends the new
    /// entries (truncating a conflicting suffix) and commits up to min(leaderCommit, last new index).
    /// </summary>
    public bool TryAppend(ulong prevIndex, ulong prevTerm, IReadOnlyList<Entry> incoming, ulong leaderCommit, out ulong lastNew)
    {
        lastNew = 0;
        if (!MatchTerm(prevIndex, prevTerm))
        {
            return false;
        }

        lastNew = prevIndex + (ulong)incoming.Count;
        for (var i = 0; i < incoming.Count; i++)
        {
            var e = incoming[i];
            if (MatchTerm(e.Index, e.Term))
            {
                continue;
            }

            if (e.Index <= Committed)
            {
                throw new InvalidOperationException($"Entry {e.Index} conflicts with a committed entry (committed {Committed}).");
            }

            TruncateAndAppend(incoming, i);
            break;
        }

        CommitTo(Math.Min(leaderCommit, lastNew));
        return true;
    }

    /// <summary>Leader side: appends its own new entries.</summary>
    public void Append(Entry entry)
    {
        if (entry.Index != LastIndex + 1)
        {
            throw new InvalidOperationException($"Append at {entry.Index} after last index {LastIndex}.");
        }

        AddEntry(entry);
    }

    private void TruncateAndAppend(IReadOnlyList<Entry> incoming, int start)
    {
        var first = incoming[start].Index;
        if (first <= LastIndex)
        {
            entries.RemoveRange((int)(first - SnapshotIndex - 1), (int)(LastIndex - first + 1));
            Configs.TruncateFrom(first);
            Stable = Math.Min(Stable, first - 1);
        }

        for (var i = start; i < incoming.Count; i++)
        {
            AddEntry(incoming[i]);
        }
    }

    private void AddEntry(Entry e)
    {
        entries.Add(e);
        if (e.Type == EntryType.Config)
        {
            Configs.Add(e.Index, Membership.Decode(e.Data.Span));
        }
    }

    public void CommitTo(ulong index)
    {
        if (index <= Committed)
        {
            return;
        }

        if (index > LastIndex)
        {
            throw new InvalidOperationException($"Commit index {index} is beyond the last index {LastIndex}: log lost or truncated.");
        }

        Committed = index;
    }

    /// <summary>Entries [lo, hi] but stopping once <paramref name="maxBytes"/> is passed (always at least one).</summary>
    public Entry[] Slice(ulong lo, ulong hi, long maxBytes)
    {
        if (lo > hi)
        {
            return [];
        }

        var result = new List<Entry>();
        long bytes = 0;
        for (var i = lo; i <= hi; i++)
        {
            var e = At(i);
            bytes += e.Size;
            if (result.Count > 0 && bytes > maxBytes)
            {
                break;
            }

            result.Add(e);
        }

        return [.. result];
    }

    public Entry[] Unstable() => Slice(Stable + 1, LastIndex, long.MaxValue);

    public Entry[] NextToApply() => Slice(Applied + 1, Committed, long.MaxValue);

    public bool HasUnstable => Stable < LastIndex;

    public bool HasNextToApply => Applied < Committed;

    public void StableTo(ulong index, ulong term)
    {
        if (index > Stable && MatchTerm(index, term))
        {
            Stable = index;
        }
    }

    public void AppliedTo(ulong index)
    {
        if (index > Applied)
        {
            Applied = Math.Min(index, Committed);
        }
    }

    /// <summary>The host replaced its state machine by an image at <paramref name="index"/>: hand it the entries after it again.</summary>
    public void RewindApplied(ulong index)
    {
        if (index < SnapshotIndex || index > Committed)
        {
            throw new InvalidOperationException($"Cannot rewind the applied index to {index} (log starts after {SnapshotIndex}, committed {Committed}).");
        }

        Applied = index;
    }

    /// <summary>
    /// Largest index at or below <paramref name="index"/> whose term is at most <paramref name="term"/>
    /// (the fast-backtracking probe); returns term 0 when that part of the log is compacted.
    /// </summary>
    public (ulong Index, ulong Term) FindConflictByTerm(ulong index, ulong term)
    {
        if (index > LastIndex)
        {
            return (index, 0);
        }

        for (var i = index; ; i--)
        {
            if (!TryTerm(i, out var t))
            {
                return (i, 0);
            }

            if (t <= term || i == 0)
            {
                return (i, t);
            }
        }
    }

    /// <summary>Replaces the whole log by a snapshot (entries, commit and applied jump to its index).</summary>
    public void Restore(SnapshotMetadata snapshot)
    {
        entries.Clear();
        SnapshotIndex = snapshot.Index;
        SnapshotTerm = snapshot.Term;
        Committed = snapshot.Index;
        Applied = snapshot.Index;
        Stable = snapshot.Index;
        Configs.Reset(snapshot.Index, snapshot.Membership);
    }

    /// <summary>Drops entries up to <paramref name="index"/> (which must already be applied).</summary>
    public void CompactTo(ulong index)
    {
        if (index <= SnapshotIndex)
        {
            return;
        }

        if (index > Applied)
        {
            throw new InvalidOperationException($"Cannot compact to {index}: applied only to {Applied}.");
        }

        SnapshotTerm = At(index).Term;
        entries.RemoveRange(0, (int)(index - SnapshotIndex));
        SnapshotIndex = index;
        Stable = Math.Max(Stable, index);
        Configs.CompactTo(index);
    }
}
