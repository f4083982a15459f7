using Basalt.Control.Members;
using Basalt.Replication;
using Basalt.Storage;

namespace Basalt.Control.Tests.Members;

public sealed class MetaStorageTests
{
    private static readonly Membership Three = Membership.OfVoters(1, 2, 3);

    [Fact]
    public async Task ANewDirectoryBootstrapsAndPersistsTheMembership()
    {
        using var engine = new InMemoryStorageEngine();
        var state = await new MetaStorage(engine).LoadAsync(Three, TestContext.Current.CancellationToken);
        var again = await new MetaStorage(engine).LoadAsync(Membership.OfVoters(7), TestContext.Current.CancellationToken);

        Assert.Equal(Three, state.Snapshot.Metadata.Membership);
        Assert.Equal(Three, again.Snapshot.Metadata.Membership);
        Assert.Empty(again.Entries);
    }

    [Fact]
    public async Task EntriesHardStateSuffixReplacementSnapshotsAndCompactionSurviveAReload()
    {
        var ct = TestContext.Current.CancellationToken;
        using var engine = new InMemoryStorageEngine();
        var storage = new MetaStorage(engine);
        await storage.LoadAsync(Three, ct);

        await storage.PersistAsync(new Ready { Entries = [E(1, 1), E(2, 1), E(3, 1)], HardState = new HardState(1, 1, 2), MustSync = true }, ct);
        // A new leader's entries replace the suffix from index 3 (index 3 of term 1 and anything after it goes).
        await storage.PersistAsync(new Ready { Entries = [E(3, 2)], HardState = new HardState(2, 2, 3), MustSync = true }, ct);
        var loaded = await new MetaStorage(engine).LoadAsync(Three, ct);
        Assert.Equal([(1UL, 1UL), (2, 1), (3, 2)], loaded.Entries.Select(e => (e.Index, e.Term)));
        Assert.Equal(new HardState(2, 2, 3), loaded.HardState);

        // Local compaction keeps the entries after the snapshot.
        await storage.CompactAsync(new Snapshot(new SnapshotMetadata(2, 1, Three), new byte[] { 9 }), ct);
        loaded = await new MetaStorage(engine).LoadAsync(Three, ct);
        Assert.Equal(2UL, loaded.Snapshot.Metadata.Index);
        Assert.Equal(new byte[] { 9 }, loaded.Snapshot.Data.ToArray());
        Assert.Equal([3UL], loaded.Entries.Select(e => e.Index));

        // A snapshot from the leader replaces the whole log, entries after its index included.
        await storage.PersistAsync(new Ready { Entries = [.. Enumerable.Range(4, 8).Select(i => E((ulong)i, 2))], MustSync = true }, ct);
        await storage.PersistAsync(new Ready { Snapshot = new Snapshot(new SnapshotMetadata(10, 3, Three), new byte[] { 7 }), HardState = new HardState(3, 0, 10) }, ct);
        loaded = await new MetaStorage(engine).LoadAsync(Three, ct);
        Assert.Equal(10UL, loaded.Snapshot.Metadata.Index);
        Assert.Empty(loaded.Entries);
        Assert.Equal(10UL, loaded.HardState.Commit);
    }

    private static Entry E(ulong index, ulong term) => new(index, term, EntryType.Normal, new byte[] { (byte)index, (byte)term });
}
