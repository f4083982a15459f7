using System.Buffers.Binary;
using System.IO.Hashing;
using Basalt.Model;
using Basalt.Replication;
using Basalt.Storage;

namespace Basalt.Partition;

/// <summary>
/// Where one replica keeps its Raft state in its node's shared storage engine. Log column family:
/// <c>group | 'E' | index</c> → entry (format 1: <c>[1][term u64][type u8][crc32 of the rest][data]</c>) and
/// <c>group | 'H'</c> → hard state (term, vote, commit). Meta column family: <c>"replica/" group 'M'</c> →
/// the group's initial membership, <c>"replica/" group 'A'</c> → the applied index, written in the
/// same (unsynced) batch as the applied items, so items and applied index never disagree;
/// <c>"replica/" group 'S'</c> → the point through which the log was dropped (index, term, membership);
/// <c>"replica/" group 'D'</c> → whether the replica keeps items (0: a log replica's log only; absent: it does).
/// </summary>
public static class ReplicaStorage
{
    private const byte EntryFormat = 1;
    private static readonly byte[] MetaPrefix = "replica/"u8.ToArray();

    public static byte[] EntryKey(ulong group, ulong index)
    {
        var key = new byte[17];
        BinaryPrimitives.WriteUInt64BigEndian(key, group);
        key[8] = (byte)'E';
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(9), index);
        return key;
    }

    public static byte[] HardStateKey(ulong group)
    {
        var key = new byte[9];
        BinaryPrimitives.WriteUInt64BigEndian(key, group);
        key[8] = (byte)'H';
        return key;
    }

    public static byte[] MembershipKey(ulong group) => MetaKey(group, (byte)'M');

    public static byte[] AppliedKey(ulong group) => MetaKey(group, (byte)'A');

    /// <summary>Meta key of whether the replica keeps the group's items (see <see cref="HoldsData"/>).</summary>
    public static byte[] HoldsDataKey(ulong group) => MetaKey(group, (byte)'D');

    public static byte[] EncodeHoldsData(bool holds) => [holds ? (byte)1 : (byte)0];

    /// <summary>Whether the node's replica of <paramref name="group"/> keeps items (a log replica keeps only the log until a data snapshot is installed).</summary>
    public static bool HoldsData(IStorageEngine engine, ulong group)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return engine.Get(ColumnFamily.Meta, HoldsDataKey(group)) is not [0];
    }

    /// <summary>Meta key of the point through which the group's log was dropped (index, term; the membership then).</summary>
    public static byte[] CompactedKey(ulong group) => MetaKey(group, (byte)'S');

    public static byte[] EncodeCompacted(SnapshotMetadata compacted)
    {
        ArgumentNullException.ThrowIfNull(compacted);
        var membership = compacted.Membership.Encode();
        var value = new byte[16 + membership.Length];
        BinaryPrimitives.WriteUInt64BigEndian(value, compacted.Index);
        BinaryPrimitives.WriteUInt64BigEndian(value.AsSpan(8), compacted.Term);
        membership.CopyTo(value, 16);
        return value;
    }

    public static byte[] EncodeEntry(in Entry entry)
    {
        var data = entry.Data.Span;
        var value = new byte[14 + data.Length];
        value[0] = EntryFormat;
        BinaryPrimitives.WriteUInt64BigEndian(value.AsSpan(1), entry.Term);
        value[9] = (byte)entry.Type;
        data.CopyTo(value.AsSpan(14));
        BinaryPrimitives.WriteUInt32BigEndian(value.AsSpan(10), Checksum(value, data));
        return value;
    }

    public static Entry DecodeEntry(ulong index, ReadOnlySpan<byte> value)
    {
        if (value.Length < 14 || value[0] != EntryFormat)
        {
            throw new CorruptDataException($"Unknown log entry format at index {index}.");
        }

        var data = value[14..];
        if (BinaryPrimitives.ReadUInt32BigEndian(value[10..]) != Checksum(value, data))
        {
            throw new CorruptDataException($"Log entry {index} fails its checksum.");
        }

        return new Entry(index, BinaryPrimitives.ReadUInt64BigEndian(value[1..]), (EntryType)value[9], data.ToArray());
    }

    public static byte[] EncodeHardState(HardState state)
    {
        var value = new byte[24];
        BinaryPrimitives.WriteUInt64BigEndian(value, state.Term);
        BinaryPrimitives.WriteUInt64BigEndian(value.AsSpan(8), state.Vote);
        BinaryPrimitives.WriteUInt64BigEndian(value.AsSpan(16), state.Commit);
        return value;
    }

    public static byte[] EncodeIndex(ulong index)
    {
        var value = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(value, index);
        return value;
    }

    /// <summary>
    /// The persisted state of a replica, or a fresh one with <paramref name="initial"/> as its first
    /// configuration when the node has never hosted the group (the caller persists the membership).
    /// </summary>
    public static (RaftInitialState State, bool Existing) Load(IStorageEngine engine, ulong group, Membership initial)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var membershipBytes = engine.Get(ColumnFamily.Meta, MembershipKey(group));
        if (membershipBytes is null)
        {
            return (RaftInitialState.Bootstrap(initial), false);
        }

        var snapshot = Snapshot.Initial(Membership.Decode(membershipBytes));
        if (engine.Get(ColumnFamily.Meta, CompactedKey(group)) is { } compacted)
        {
            snapshot = new Snapshot(
                new SnapshotMetadata(BinaryPrimitives.ReadUInt64BigEndian(compacted), BinaryPrimitives.ReadUInt64BigEndian(compacted.AsSpan(8)), Membership.Decode(compacted.AsSpan(16))),
                ReadOnlyMemory<byte>.Empty);
        }

        var first = snapshot.Metadata.Index + 1;
        var hard = engine.Get(ColumnFamily.Log, HardStateKey(group)) is { } h
            ? new HardState(BinaryPrimitives.ReadUInt64BigEndian(h), BinaryPrimitives.ReadUInt64BigEndian(h.AsSpan(8)), BinaryPrimitives.ReadUInt64BigEndian(h.AsSpan(16)))
            : default;
        var applied = engine.Get(ColumnFamily.Meta, AppliedKey(group)) is { } a ? BinaryPrimitives.ReadUInt64BigEndian(a) : 0;
        var entries = new List<Entry>();
        var lower = EntryKey(group, first);
        var upper = EntryKey(group, ulong.MaxValue);
        using (var cursor = engine.OpenCursor(ColumnFamily.Log, lower, upper, reverse: false))
        {
            while (cursor.MoveNext())
            {
                var index = BinaryPrimitives.ReadUInt64BigEndian(cursor.Key[9..]);
                if (index != first + (ulong)entries.Count)
                {
                    throw new CorruptDataException($"Log of group {group} has a gap before index {index}.");
                }

                entries.Add(DecodeEntry(index, cursor.Value));
            }
        }

        // The commit index is persisted lazily; it can never be below what was applied.
        var last = snapshot.Metadata.Index + (ulong)entries.Count;
        hard = hard with { Commit = Math.Min(Math.Max(Math.Max(hard.Commit, applied), snapshot.Metadata.Index), last) };
        applied = Math.Max(Math.Min(applied, hard.Commit), snapshot.Metadata.Index);
        return (new RaftInitialState(hard, snapshot, entries, applied), true);
    }

    /// <summary>Removes every trace of the groups <paramref name="firstGroup"/> ≤ g &lt; <paramref name="endGroup"/> from a node's storage.</summary>
    public static void Forget(IStorageEngine engine, ulong firstGroup, ulong endGroup, WriteBatch batch)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(batch);
        DeleteRange(engine, ColumnFamily.Log, EntryKey(firstGroup, 0)[..8], EntryKey(endGroup, 0)[..8], batch);
        DeleteRange(engine, ColumnFamily.Meta, MetaKey(firstGroup, 0)[..^1], MetaKey(endGroup, 0)[..^1], batch);
    }

    private static void DeleteRange(IStorageEngine engine, ColumnFamily cf, byte[] lower, byte[] upper, WriteBatch batch)
    {
        using var cursor = engine.OpenCursor(cf, lower, upper, reverse: false);
        while (cursor.MoveNext())
        {
            batch.Delete(cf, cursor.Key);
        }
    }

    private static byte[] MetaKey(ulong group, byte kind)
    {
        var key = new byte[MetaPrefix.Length + 9];
        MetaPrefix.CopyTo(key, 0);
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(MetaPrefix.Length), group);
        key[^1] = kind;
        return key;
    }

    private static uint Checksum(ReadOnlySpan<byte> header, ReadOnlySpan<byte> data)
    {
        var crc = new Crc32();
        crc.Append(header[..10]);
        crc.Append(data);
        return crc.GetCurrentHashAsUInt32();
    }
}
