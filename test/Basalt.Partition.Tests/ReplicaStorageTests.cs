using Basalt.Model;
using Basalt.Replication;
using Basalt.Storage;

namespace Basalt.Partition.Tests;

public class ReplicaStorageTests
{
    private static readonly Membership Three = Membership.OfVoters(1, 2, 3);

    [Fact]
    public void An_entry_round_trips_with_index_term_type_and_data()
    {
        var entry = new Entry(42, 7, EntryType.Config, new byte[] { 9, 8, 7 });
        var encoded = ReplicaStorage.EncodeEntry(entry);
        Assert.Equal(14 + 3, encoded.Length);
        var decoded = ReplicaStorage.DecodeEntry(42, encoded);
        Assert.Equal(42UL, decoded.Index);
        Assert.Equal(7UL, decoded.Term);
        Assert.Equal(EntryType.Config, decoded.Type);
        Assert.Equal(new byte[] { 9, 8, 7 }, decoded.Data.ToArray());
    }

    [Theory]
    [InlineData(1)] // term
    [InlineData(8)]
    [InlineData(9)] // type
    [InlineData(10)] // checksum itself
    [InlineData(13)]
    [InlineData(14)] // data
    [InlineData(16)]
    public void Any_flipped_bit_after_the_version_fails_the_entry_checksum(int at)
    {
        var encoded = ReplicaStorage.EncodeEntry(new Entry(5, 3, EntryType.Normal, new byte[] { 1, 2, 3 }));
        encoded[at] ^= 0x10;
        var e = Assert.Throws<CorruptDataException>(() => ReplicaStorage.DecodeEntry(5, encoded));
        Assert.Equal("Log entry 5 fails its checksum.", e.Message);
    }

    [Fact]
    public void An_unknown_format_or_a_short_entry_is_corrupt()
    {
        var encoded = ReplicaStorage.EncodeEntry(new Entry(5, 3, EntryType.Normal, new byte[] { 1 }));
        encoded[0] = 2;
        Assert.Throws<CorruptDataException>(() => ReplicaStorage.DecodeEntry(5, encoded));
        Assert.Throws<CorruptDataException>(() => ReplicaStorage.DecodeEntry(5, new byte[13]));
    }

    [Fact]
    public void A_group_never_hosted_loads_as_a_bootstrap_of_its_initial_membership()
    {
        using var engine = new InMemoryStorageEngine();
        var (state, existing) = ReplicaStorage.Load(engine, 7, Three);
        Assert.False(existing);
        Assert.Equal(Three, state.Snapshot.Metadata.Membership);
        Assert.Empty(state.Entries);
    }

    [Fact]
    public async Task Load_reads_entries_hard_state_and_applied_index_and_clamps_a_lagging_commit()
    {
        using var engine = new InMemoryStorageEngine();
        var batch = new WriteBatch();
        batch.Put(ColumnFamily.Meta, ReplicaStorage.MembershipKey(7), Three.Encode());
        for (ulong i = 1; i <= 4; i++)
        {
            batch.Put(ColumnFamily.Log, ReplicaStorage.EntryKey(7, i), ReplicaStorage.EncodeEntry(new Entry(i, 2, EntryType.Normal, new byte[] { (byte)i })));
        }

        // The hard state's commit (persisted lazily) trails the applied index, which is never above the log.
        batch.Put(ColumnFamily.Log, ReplicaStorage.HardStateKey(7), ReplicaStorage.EncodeHardState(new HardState(2, 1, 1)));
        batch.Put(ColumnFamily.Meta, ReplicaStorage.AppliedKey(7), ReplicaStorage.EncodeIndex(3));

        // Another group's log in the same column family is not read.
        batch.Put(ColumnFamily.Log, ReplicaStorage.EntryKey(8, 1), ReplicaStorage.EncodeEntry(new Entry(1, 1, EntryType.Normal, new byte[] { 99 })));
        await engine.WriteAsync(batch, sync: true, TestContext.Current.CancellationToken);

        var (state, existing) = ReplicaStorage.Load(engine, 7, Membership.OfVoters(9));
        Assert.True(existing);
        Assert.Equal(Three, state.Snapshot.Metadata.Membership);
        Assert.Equal([1UL, 2, 3, 4], state.Entries.Select(e => e.Index));
        Assert.Equal(new HardState(2, 1, 3), state.HardState);
        Assert.Equal(3UL, state.Applied);
    }

    [Fact]
    public async Task A_gap_in_the_log_is_corrupt()
    {
        using var engine = new InMemoryStorageEngine();
        var batch = new WriteBatch();
        batch.Put(ColumnFamily.Meta, ReplicaStorage.MembershipKey(7), Three.Encode());
        batch.Put(ColumnFamily.Log, ReplicaStorage.EntryKey(7, 1), ReplicaStorage.EncodeEntry(new Entry(1, 1, EntryType.Normal, default)));
        batch.Put(ColumnFamily.Log, ReplicaStorage.EntryKey(7, 3), ReplicaStorage.EncodeEntry(new Entry(3, 1, EntryType.Normal, default)));
        await engine.WriteAsync(batch, sync: true, TestContext.Current.CancellationToken);
        var e = Assert.Throws<CorruptDataException>(() => ReplicaStorage.Load(engine, 7, Three));
        Assert.Equal("Log of group 7 has a gap before index 3.", e.Message);
    }

    [Fact]
    public async Task Forget_deletes_the_groups_log_and_metadata_only()
    {
        using var engine = new InMemoryStorageEngine();
        var batch = new WriteBatch();
        foreach (var group in new ulong[] { 7, 8 })
        {
            batch.Put(ColumnFamily.Meta, ReplicaStorage.MembershipKey(group), Three.Encode());
            batch.Put(ColumnFamily.Log, ReplicaStorage.EntryKey(group, 1), ReplicaStorage.EncodeEntry(new Entry(1, 1, EntryType.Normal, default)));
            batch.Put(ColumnFamily.Log, ReplicaStorage.HardStateKey(group), ReplicaStorage.EncodeHardState(new HardState(1, 1, 1)));
            batch.Put(ColumnFamily.Meta, ReplicaStorage.AppliedKey(group), ReplicaStorage.EncodeIndex(1));
        }

        await engine.WriteAsync(batch, sync: true, TestContext.Current.CancellationToken);
        var forget = new WriteBatch();
        ReplicaStorage.Forget(engine, 7, 8, forget);
        await engine.WriteAsync(forget, sync: true, TestContext.Current.CancellationToken);

        Assert.False(ReplicaStorage.Load(engine, 7, Three).Existing);
        Assert.Null(engine.Get(ColumnFamily.Log, ReplicaStorage.EntryKey(7, 1)));
        Assert.Null(engine.Get(ColumnFamily.Log, ReplicaStorage.HardStateKey(7)));
        var (other, existing) = ReplicaStorage.Load(engine, 8, Three);
        Assert.True(existing);
        Assert.Single(other.Entries);
    }
}
