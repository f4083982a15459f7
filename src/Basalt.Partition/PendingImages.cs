using Basalt.Model;

namespace Basalt.Partition;

/// <summary>
/// A leader's proposed but not yet applied values, by key: the latest one wins. Writers evaluate
/// against these before storage, so the next write of a hot key need not wait for the previous
/// one's commit. Values are slices of the proposed commands (which nothing changes once proposed),
/// not copies. Not thread-safe (the replica's lock guards it).
/// </summary>
internal sealed class PendingImages
{
    private readonly Dictionary<byte[], Pending> _latest = new(ByteArrayComparer.Instance);
    private readonly Dictionary<byte[], Pending>.AlternateLookup<ReadOnlySpan<byte>> _bySpan;

    public PendingImages() => _bySpan = _latest.GetAlternateLookup<ReadOnlySpan<byte>>();

    public int Count => _latest.Count;

    public void Add(ulong index, byte[] command)
    {
        var state = (this, index, command);
        PartitionCommand.Visit(command, ref state, static (ref (PendingImages Owner, ulong Index, byte[] Command) s, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool delete) =>
        {
            var slice = ReadOnlyMemory<byte>.Empty;
            if (!delete && s.Command.AsSpan().Overlaps(value, out var offset))
            {
                slice = s.Command.AsMemory(offset, value.Length);
            }

            s.Owner._bySpan[key] = new Pending(s.Index, delete, slice);
        });
    }

    public bool TryGet(byte[] key, out byte[]? value)
    {
        if (_latest.TryGetValue(key, out var pending))
        {
            value = pending.Deleted ? null : pending.Value.ToArray();
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
            if (s.Owner._bySpan.TryGetValue(key, out var pending) && pending.Index <= s.Index)
            {
                s.Owner._bySpan.Remove(key);
            }
        });
    }

    public void Clear() => _latest.Clear();

    /// <summary>A pending value: the proposal's index, and the value (a slice of its command) unless it is a delete.</summary>
    private readonly record struct Pending(ulong Index, bool Deleted, ReadOnlyMemory<byte> Value);
}
