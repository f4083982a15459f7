using System.Buffers.Binary;
using Basalt.Partition;
using Basalt.Simulation.Checking;
using Basalt.Storage;

namespace Basalt.Simulation.Partitions;

/// <summary>
/// State machine safety, checked at every write: no two replicas of a group ever apply different
/// entries (by term) at one index. Each node's writes are watched (<see cref="NodeLog"/>): its log
/// entries as they are persisted, and its applied index as it advances.
/// </summary>
internal sealed class AppliedEntries
{
    private readonly Dictionary<(ulong Group, ulong Index), (ulong Term, ulong Node)> applied = [];

    public int Checked { get; private set; }

    public void OnApplied(ulong node, ulong group, ulong index, ulong term)
    {
        Checked++;
        if (applied.TryGetValue((group, index), out var first) && first.Term != term)
        {
            throw new InvariantViolation($"state machine safety: node {node} applied the entry of term {term} at index {index} of group {group}, node {first.Node} the one of term {first.Term}");
        }

        applied[(group, index)] = (term, node);
    }
}

/// <summary>One node's log and applied indexes as its writes show them (rebuilt from the engine after a restart).</summary>
internal sealed class NodeLog(ulong node, AppliedEntries check)
{
    private static readonly byte[] MetaPrefix = "replica/"u8.ToArray();
    private readonly Dictionary<ulong, Dictionary<ulong, ulong>> terms = [];
    private readonly Dictionary<ulong, ulong> appliedIndex = [];

    /// <summary>Starts over from what the engine holds.</summary>
    public void Reset(IStorageEngine engine)
    {
        terms.Clear();
        appliedIndex.Clear();
        using (var cursor = engine.OpenCursor(ColumnFamily.Log, [], [], reverse: false))
        {
            while (cursor.MoveNext())
            {
                if (AsEntry(cursor.Key) is { } at)
                {
                    Terms(at.Group)[at.Index] = ReplicaStorage.DecodeEntry(at.Index, cursor.Value).Term;
                }
            }
        }

        using (var cursor = engine.OpenCursor(ColumnFamily.Meta, MetaPrefix, [], reverse: false))
        {
            while (cursor.MoveNext())
            {
                if (AsApplied(cursor.Key) is { } group)
                {
                    appliedIndex[group] = BinaryPrimitives.ReadUInt64BigEndian(cursor.Value);
                }
            }
        }
    }

    /// <summary>A batch the node wrote: log entries first, then the applied indexes it moves (checked against every other node's).</summary>
    public void Observe(WriteBatch batch)
    {
        List<(ulong Group, ulong Index)>? advanced = null;
        for (var i = 0; i < batch.Count; i++)
        {
            var cf = batch.GetColumnFamily(i);
            var key = batch.GetKey(i);
            if (cf == ColumnFamily.Log && AsEntry(key) is { } at)
            {
                if (batch.IsDelete(i))
                {
                    Terms(at.Group).Remove(at.Index);
                }
                else
                {
                    Terms(at.Group)[at.Index] = ReplicaStorage.DecodeEntry(at.Index, batch.GetValue(i)).Term;
                }
            }
            else if (cf == ColumnFamily.Meta && !batch.IsDelete(i) && AsApplied(key) is { } group)
            {
                (advanced ??= []).Add((group, BinaryPrimitives.ReadUInt64BigEndian(batch.GetValue(i))));
            }
        }

        foreach (var (group, index) in advanced ?? [])
        {
            var log = Terms(group);
            for (var i = appliedIndex.GetValueOrDefault(group) + 1; i <= index; i++)
            {
                if (log.TryGetValue(i, out var term))
                {
                    check.OnApplied(node, group, i, term);
                }
            }

            appliedIndex[group] = index;
        }
    }

    private Dictionary<ulong, ulong> Terms(ulong group)
    {
        if (!terms.TryGetValue(group, out var log))
        {
            log = [];
            terms[group] = log;
        }

        return log;
    }

    private static (ulong Group, ulong Index)? AsEntry(ReadOnlySpan<byte> key) =>
        key.Length == 17 && key[8] == (byte)'E'
            ? (BinaryPrimitives.ReadUInt64BigEndian(key), BinaryPrimitives.ReadUInt64BigEndian(key[9..]))
            : null;

    private static ulong? AsApplied(ReadOnlySpan<byte> key) =>
        key.Length == MetaPrefix.Length + 9 && key.StartsWith(MetaPrefix) && key[^1] == (byte)'A'
            ? BinaryPrimitives.ReadUInt64BigEndian(key[MetaPrefix.Length..])
            : null;
}
