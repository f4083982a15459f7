namespace Basalt.Storage.Tests;

/// <summary>The engine contract, run on the power-loss engine.</summary>
public sealed class PowerLossStorageEngineContractTests : StorageEngineContractTests
{
    protected override IStorageEngine CreateEngine() => new PowerLossStorageEngine();
}

/// <summary>What survives a crash of <see cref="PowerLossStorageEngine"/>.</summary>
public sealed class PowerLossStorageEngineTests
{
    [Fact]
    public async Task Synced_writes_and_every_write_before_them_survive_a_crash()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            using var engine = new PowerLossStorageEngine();
            await engine.PutAsync(ColumnFamily.Data, Bytes.Of("a"), Bytes.Of("1"));
            await engine.PutAsync(ColumnFamily.Meta, Bytes.Of("b"), Bytes.Of("2"));
            await engine.PutAsync(ColumnFamily.Log, Bytes.Of("c"), Bytes.Of("3"), sync: true);
            Assert.Equal(0, engine.UnsyncedWrites);
            Assert.Equal(1, engine.Syncs);

            using var survivor = engine.Crash(new Random(seed));
            Assert.Equal("1", Bytes.Text(survivor.Get(ColumnFamily.Data, Bytes.Of("a"))!));
            Assert.Equal("2", Bytes.Text(survivor.Get(ColumnFamily.Meta, Bytes.Of("b"))!));
            Assert.Equal("3", Bytes.Text(survivor.Get(ColumnFamily.Log, Bytes.Of("c"))!));
        }
    }

    [Fact]
    public async Task Of_the_unsynced_writes_exactly_a_prefix_survives_and_every_prefix_length_occurs()
    {
        var seen = new HashSet<int>();
        for (var seed = 0; seed < 200; seed++)
        {
            using var engine = new PowerLossStorageEngine();
            await engine.PutAsync(ColumnFamily.Data, Bytes.Of("synced"), Bytes.Of("s"), sync: true);
            for (var i = 0; i < 5; i++)
            {
                await engine.PutAsync(ColumnFamily.Data, Bytes.Of($"k{i}"), Bytes.Of($"v{i}"));
            }

            Assert.Equal(5, engine.UnsyncedWrites);
            using var survivor = engine.Crash(new Random(seed));
            var kept = Enumerable.Range(0, 5).Select(i => survivor.Get(ColumnFamily.Data, Bytes.Of($"k{i}")) is not null).ToArray();
            var length = kept.TakeWhile(k => k).Count();
            Assert.All(kept.Skip(length), k => Assert.False(k));
            Assert.NotNull(survivor.Get(ColumnFamily.Data, Bytes.Of("synced")));
            seen.Add(length);
        }

        Assert.Equal([0, 1, 2, 3, 4, 5], seen.Order());
    }

    [Fact]
    public async Task A_batch_survives_whole_or_not_at_all_including_its_deletes()
    {
        var outcomes = new HashSet<string>();
        for (var seed = 0; seed < 50; seed++)
        {
            using var engine = new PowerLossStorageEngine();
            await engine.PutAsync(ColumnFamily.Data, Bytes.Of("old"), Bytes.Of("x"), sync: true);
            var batch = new WriteBatch();
            batch.Put(ColumnFamily.Data, Bytes.Of("a"), Bytes.Of("1"));
            batch.Delete(ColumnFamily.Data, Bytes.Of("old"));
            batch.Put(ColumnFamily.Log, Bytes.Of("b"), Bytes.Of("2"));
            await engine.WriteAsync(batch, sync: false, TestContext.Current.CancellationToken);
            using var survivor = engine.Crash(new Random(seed));
            var state = string.Join(',', survivor.Scan(ColumnFamily.Data, [], []).Concat(survivor.Scan(ColumnFamily.Log, [], [])).Select(e => Bytes.Text(Convert.FromHexString(e.Key))));
            outcomes.Add(state);
        }

        Assert.Equal(["a,b", "old"], outcomes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_sync_flushes_the_unsynced_writes_made_before_it()
    {
        using var engine = new PowerLossStorageEngine();
        await engine.PutAsync(ColumnFamily.Data, Bytes.Of("early"), Bytes.Of("1"));
        await engine.PutAsync(ColumnFamily.Data, Bytes.Of("early2"), Bytes.Of("2"));
        Assert.Equal(2, engine.UnsyncedWrites);
        await engine.PutAsync(ColumnFamily.Log, Bytes.Of("entry"), Bytes.Of("e"), sync: true);
        await engine.PutAsync(ColumnFamily.Data, Bytes.Of("late"), Bytes.Of("3"));
        Assert.Equal(1, engine.UnsyncedWrites);

        // A Random that always keeps nothing of the unsynced tail.
        using var survivor = engine.Crash(new KeepNone());
        Assert.NotNull(survivor.Get(ColumnFamily.Data, Bytes.Of("early")));
        Assert.NotNull(survivor.Get(ColumnFamily.Data, Bytes.Of("early2")));
        Assert.NotNull(survivor.Get(ColumnFamily.Log, Bytes.Of("entry")));
        Assert.Null(survivor.Get(ColumnFamily.Data, Bytes.Of("late")));
    }

    [Fact]
    public async Task Overwrites_and_deletes_after_the_last_sync_are_undone_when_lost()
    {
        using var engine = new PowerLossStorageEngine();
        await engine.PutAsync(ColumnFamily.Data, Bytes.Of("k"), Bytes.Of("durable"), sync: true);
        await engine.PutAsync(ColumnFamily.Data, Bytes.Of("k"), Bytes.Of("volatile"));
        await engine.DeleteAsync(ColumnFamily.Data, Bytes.Of("k"));
        Assert.Null(engine.Get(ColumnFamily.Data, Bytes.Of("k")));

        using var survivor = engine.Crash(new KeepNone());
        Assert.Equal("durable", Bytes.Text(survivor.Get(ColumnFamily.Data, Bytes.Of("k"))!));
    }

    [Fact]
    public async Task The_crashed_engine_is_dead_and_the_survivor_can_crash_again()
    {
        using var engine = new PowerLossStorageEngine();
        await engine.PutAsync(ColumnFamily.Data, Bytes.Of("a"), Bytes.Of("1"));
        using var survivor = engine.Crash(new KeepAll());
        Assert.True(engine.IsCrashed);
        Assert.Throws<ObjectDisposedException>(() => engine.Get(ColumnFamily.Data, Bytes.Of("a")));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => engine.PutAsync(ColumnFamily.Data, Bytes.Of("b"), Bytes.Of("2")));
        Assert.Throws<ObjectDisposedException>(() => engine.Crash(new KeepAll()));

        // What survived the first crash is durable for the second.
        Assert.Equal(0, survivor.UnsyncedWrites);
        await survivor.PutAsync(ColumnFamily.Data, Bytes.Of("b"), Bytes.Of("2"));
        using var second = survivor.Crash(new KeepNone());
        Assert.Equal("1", Bytes.Text(second.Get(ColumnFamily.Data, Bytes.Of("a"))!));
        Assert.Null(second.Get(ColumnFamily.Data, Bytes.Of("b")));
    }

    [Fact]
    public async Task A_cursor_opened_before_the_crash_keeps_its_snapshot_until_the_engine_dies()
    {
        using var engine = new PowerLossStorageEngine();
        await engine.PutAsync(ColumnFamily.Data, Bytes.Of("a"), Bytes.Of("1"));
        using var cursor = engine.OpenCursor(ColumnFamily.Data, [], [], reverse: false);
        await engine.PutAsync(ColumnFamily.Data, Bytes.Of("b"), Bytes.Of("2"));
        Assert.True(cursor.MoveNext());
        Assert.Equal("a", Bytes.Text(cursor.Key));
        Assert.False(cursor.MoveNext());
    }

    [Fact]
    public void Writes_complete_synchronously()
    {
        using var engine = new PowerLossStorageEngine();
        var batch = new WriteBatch();
        batch.Put(ColumnFamily.Data, Bytes.Of("a"), Bytes.Of("1"));
        Assert.True(engine.WriteAsync(batch, sync: false, TestContext.Current.CancellationToken).IsCompletedSuccessfully);
        Assert.True(engine.WriteAsync(batch, sync: true, TestContext.Current.CancellationToken).IsCompletedSuccessfully);
    }

    private sealed class KeepNone : Random
    {
        public override int Next(int maxValue) => 0;
    }

    private sealed class KeepAll : Random
    {
        public override int Next(int maxValue) => maxValue - 1;
    }
}
