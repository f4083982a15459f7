using Basalt.Model;

namespace Basalt.Partition;

/// <summary>
/// A leader's proposed but not yet applied values, by key: the latest one wins. Writers evaluate
/// against these before storage, so the next write of a hot key need not wait for the previous
/// one's commit. Not thread-safe (the replica's lock guards it).
/// </summary>
internal sealed class PendingImages
{
    private readonly Dictionary<byte[], (ulong Index, byte[]? Value)> _latest = new(ByteArrayComparer.Instance);

    public int Count => _latest.Count;

    public void Add(ulong index, byte[] command)
    {
        var state = (this, index);
        PartitionCommand.Visit(command, ref state, static (ref (PendingImages Owner, ulong Index) s, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool delete) =>
            s.Owner._latest[key.ToArray()] = (s.Index, delete ? null : value.ToArray()));
    }

    public bool TryGet(byte[] key, out byte[]? value)
    {
        if (_latest.TryGetValue(key, out var pending))
        {
            value = pending.Value;
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>The index of the proposal that wrote the pending value of <paramref name="key"/>.</summary>
    public bool TryGetIndex(byte[] key, out ulong index)
    {
        if (_latest.TryGetValue(key, out var pending))
        {
            index = pending.Index;
            return true;
        }

        index = 0;
        return false;
    }

    /// <summary>Forgets the keys whose latest pending value is the entry at <paramref name="index"/> (now applied).</summary>
    public void Applied(ulong index, ReadOnlySpan<byte> command)
    {
        if (_latest.Count == 0)
        {
            return;
        }

        var state = (this, index);
        PartitionCommand.Visit(command, ref state, static (ref (PendingImages Owner, ulong Index) s, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool delete) =>
        {
            var k = key.ToArray();
            if (s.Owner._latest.TryGetValue(k, out var pending) && pending.Index <= s.Index)
            {
                s.Owner._latest.Remove(k);
            }
        });
    }

    public void Clear() => _latest.Clear();
}
