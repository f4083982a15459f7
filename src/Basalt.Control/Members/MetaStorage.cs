using System.Buffers.Binary;
using Basalt.Model;
using Basalt.Partition;
using Basalt.Replication;
using Basalt.Storage;

namespace Basalt.Control.Members;

/// <summary>
/// Where a meta member keeps its Raft state in its own storage engine: the log and hard state of
/// group 0 in the layout of <see cref="ReplicaStorage"/>, and the snapshot the log was compacted
/// into under the meta key <c>"meta/snapshot"</c> (format 1: <c>[1][index u64][term u64][membership length u32][membership][map image]</c>).
/// Each Ready is written as one batch, synced when Raft asks for it, before its messages leave.
/// </summary>
public sealed class MetaStorage(IStorageEngine engine)
{
    /// <summary>The meta group's id in the log layout.</summary>
    public const ulong Group = 0;

    private const byte SnapshotFormat = 1;
    private static readonly byte[] SnapshotKey = "meta/snapshot"u8.ToArray();
    private readonly WriteBatch batch = new();

    /// <summary>The persisted state, or a bootstrap of <paramref name="initial"/> when the directory is new (persisted at once).</summary>
    public async Task<RaftInitialState> LoadAsync(Membership initial, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(initial);
        var snapshotBytes = engine.Get(ColumnFamily.Meta, SnapshotKey);
        if (snapshotBytes is null)
        {
            var bootstrap = RaftInitialState.Bootstrap(initial);
            batch.Clear();
            batch.Put(ColumnFamily.Meta, SnapshotKey, EncodeSnapshot(bootstrap.Snapshot));
            await engine.WriteAsync(batch, sync: true, cancellationToken).ConfigureAwait(false);
            return bootstrap;
        }

        var snapshot = DecodeSnapshot(snapshotBytes);
        var hard = engine.Get(ColumnFamily.Log, ReplicaStorage.HardStateKey(Group)) is { } h
            ? new HardState(BinaryPrimitives.ReadUInt64BigEndian(h), BinaryPrimitives.ReadUInt64BigEndian(h.AsSpan(8)), BinaryPrimitives.ReadUInt64BigEndian(h.AsSpan(16)))
            : default;
        var first = snapshot.Metadata.Index + 1;
        var entries = new List<Entry>();
        using (var cursor = engine.OpenCursor(ColumnFamily.Log, ReplicaStorage.EntryKey(Group, first), ReplicaStorage.EntryKey(Group, ulong.MaxValue), reverse: false))
        {
            while (cursor.MoveNext())
            {
                var index = BinaryPrimitives.ReadUInt64BigEndian(cursor.Key[9..]);
                if (index != first + (ulong)entries.Count)
                {
                    throw new CorruptDataException($"The meta log has a gap before index {index}.");
                }

                entries.Add(ReplicaStorage.DecodeEntry(index, cursor.Value));
            }
        }

        var last = snapshot.Metadata.Index + (ulong)entries.Count;
        hard = hard with { Commit = Math.Min(Math.Max(hard.Commit, snapshot.Metadata.Index), last) };
        return new RaftInitialState(hard, snapshot, entries);
    }

    /// <summary>Persists a Ready's snapshot, entries and hard state as one batch (synced when <see cref="Ready.MustSync"/>).</summary>
    public async ValueTask PersistAsync(Ready ready, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ready);
        batch.Clear();
        if (ready.Snapshot is { } snapshot)
        {
            // A snapshot from the leader replaces the whole log (as the in-memory log is replaced).
            PutSnapshot(snapshot, ulong.MaxValue);
        }

        if (ready.Entries.Count > 0)
        {
            // Entries from the first one's index replace what was there (a new leader's suffix).
            var firstIndex = ready.Entries[0].Index;
            using (var cursor = engine.OpenCursor(ColumnFamily.Log, ReplicaStorage.EntryKey(Group, firstIndex), ReplicaStorage.EntryKey(Group, ulong.MaxValue), reverse: false))
            {
                while (cursor.MoveNext())
                {
                    batch.Delete(ColumnFamily.Log, cursor.Key);
                }
            }

            foreach (var entry in ready.Entries)
            {
                batch.Put(ColumnFamily.Log, ReplicaStorage.EntryKey(Group, entry.Index), ReplicaStorage.EncodeEntry(entry));
            }
        }

        if (ready.HardState is { } hard)
        {
            batch.Put(ColumnFamily.Log, ReplicaStorage.HardStateKey(Group), ReplicaStorage.EncodeHardState(hard));
        }

        if (batch.Count > 0)
        {
            await engine.WriteAsync(batch, ready.MustSync || ready.Snapshot is not null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Persists the snapshot the log was compacted into and drops the entries it covers (one atomic batch).</summary>
    public async ValueTask CompactAsync(Snapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        batch.Clear();
        PutSnapshot(snapshot, snapshot.Metadata.Index + 1);
        await engine.WriteAsync(batch, sync: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Puts the snapshot and deletes the log entries below <paramref name="dropBelow"/>.</summary>
    private void PutSnapshot(Snapshot snapshot, ulong dropBelow)
    {
        batch.Put(ColumnFamily.Meta, SnapshotKey, EncodeSnapshot(snapshot));
        using var cursor = engine.OpenCursor(ColumnFamily.Log, ReplicaStorage.EntryKey(Group, 0), ReplicaStorage.EntryKey(Group, dropBelow), reverse: false);
        while (cursor.MoveNext())
        {
            batch.Delete(ColumnFamily.Log, cursor.Key);
        }
    }

    internal static byte[] EncodeSnapshot(Snapshot snapshot)
    {
        var membership = snapshot.Metadata.Membership.Encode();
        var value = new byte[21 + membership.Length + snapshot.Data.Length];
        value[0] = SnapshotFormat;
        BinaryPrimitives.WriteUInt64BigEndian(value.AsSpan(1), snapshot.Metadata.Index);
        BinaryPrimitives.WriteUInt64BigEndian(value.AsSpan(9), snapshot.Metadata.Term);
        BinaryPrimitives.WriteUInt32BigEndian(value.AsSpan(17), (uint)membership.Length);
        membership.CopyTo(value, 21);
        snapshot.Data.Span.CopyTo(value.AsSpan(21 + membership.Length));
        return value;
    }

    internal static Snapshot DecodeSnapshot(ReadOnlySpan<byte> value)
    {
        if (value.Length < 21 || value[0] != SnapshotFormat)
        {
            throw new CorruptDataException("Unknown meta snapshot format.");
        }

        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(value[17..]);
        if (21 + length > value.Length)
        {
            throw new CorruptDataException("Truncated meta snapshot.");
        }

        var metadata = new SnapshotMetadata(
            BinaryPrimitives.ReadUInt64BigEndian(value[1..]),
            BinaryPrimitives.ReadUInt64BigEndian(value[9..]),
            Membership.Decode(value.Slice(21, length)));
        return new Snapshot(metadata, value[(21 + length)..].ToArray());
    }
}
