using Basalt.Replication;

namespace Basalt.Simulation.Cluster;

/// <summary>
/// A node's disk: writes land in a volatile buffer and become durable on sync. A crash keeps a
/// random prefix of the unsynced writes, and when the fault model allows torn writes the last kept
/// write may be torn: an entry batch keeps only some of its entries, a torn hard state or snapshot
/// fails its checksum and is discarded.
/// </summary>
internal sealed class SimDisk
{
    private readonly List<Write> unsynced = [];
    private State durable;

    public SimDisk(RaftInitialState initial)
    {
        durable = new State(initial.HardState, initial.Snapshot, [.. initial.Entries]);
    }

    public int UnsyncedWrites => unsynced.Count;

    public void AppendEntries(IReadOnlyList<Entry> entries) => unsynced.Add(new Write(WriteKind.Entries, entries, default, null));

    public void SetHardState(HardState hs) => unsynced.Add(new Write(WriteKind.HardState, [], hs, null));

    public void InstallSnapshot(Snapshot snapshot) => unsynced.Add(new Write(WriteKind.Snapshot, [], default, snapshot));

    public void Compact(Snapshot snapshot) => unsynced.Add(new Write(WriteKind.Compact, [], default, snapshot));

    public void Sync()
    {
        foreach (var w in unsynced)
        {
            durable = Apply(durable, w);
        }

        unsynced.Clear();
    }

    /// <summary>Power loss: some unsynced writes reach the platter, the rest vanish.</summary>
    public void Crash(SimRandom random, bool tornWrites)
    {
        var keep = random.Next(unsynced.Count + 1);
        for (var i = 0; i < keep; i++)
        {
            var w = unsynced[i];
            if (tornWrites && i == keep - 1 && random.Chance(0.5))
            {
                // Torn: a partial entry batch survives; anything else fails its checksum.
                if (w.Kind == WriteKind.Entries && w.Entries.Count > 1)
                {
                    durable = Apply(durable, w with { Entries = [.. w.Entries.Take(random.Next(1, w.Entries.Count))] });
                }

                break;
            }

            durable = Apply(durable, w);
        }

        unsynced.Clear();
    }

    /// <summary>What a restarting node reads back (only durable state).</summary>
    public RaftInitialState Load()
    {
        if (unsynced.Count > 0)
        {
            throw new InvalidOperationException("Load after a crash only.");
        }

        return new RaftInitialState(durable.HardState, durable.Snapshot, [.. durable.Entries], durable.Snapshot.Metadata.Index);
    }

    private static State Apply(State s, Write w)
    {
        switch (w.Kind)
        {
            case WriteKind.Entries:
                if (w.Entries.Count > 0)
                {
                    var first = w.Entries[0].Index;
                    var keep = s.Entries.Count;
                    while (keep > 0 && s.Entries[keep - 1].Index >= first)
                    {
                        keep--;
                    }

                    s.Entries.RemoveRange(keep, s.Entries.Count - keep);
                    s.Entries.AddRange(w.Entries);
                }

                return s;
            case WriteKind.HardState:
                return s with { HardState = w.HardState };
            case WriteKind.Snapshot:
                return new State(s.HardState, w.Snapshot!, []);
            default:
                var index = w.Snapshot!.Metadata.Index;
                if (index > s.Snapshot.Metadata.Index)
                {
                    s.Entries.RemoveAll(e => e.Index <= index);
                    return s with { Snapshot = w.Snapshot };
                }

                return s;
        }
    }

    private enum WriteKind
    {
        Entries,
        HardState,
        Snapshot,
        Compact,
    }

    private sealed record Write(WriteKind Kind, IReadOnlyList<Entry> Entries, HardState HardState, Snapshot? Snapshot);

    private sealed record State(HardState HardState, Snapshot Snapshot, List<Entry> Entries);
}
