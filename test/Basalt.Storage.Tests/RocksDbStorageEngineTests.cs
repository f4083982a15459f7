namespace Basalt.Storage.Tests;

public sealed class RocksDbStorageEngineTests : StorageEngineContractTests
{
    private readonly TempDirectory _directory = new();

    protected override IStorageEngine CreateEngine() => RocksDbStorageEngine.Open(_directory.Path);

    [Fact]
    public async Task Reopening_recovers_every_synced_and_unsynced_write_after_a_clean_close()
    {
        var batch = new WriteBatch();
        for (int i = 0; i < 100; i++)
        {
            batch.Clear();
            batch.Put(ColumnFamily.Data, Bytes.Of($"synced{i:D3}"), Bytes.Of($"v{i}"));
            batch.Put(ColumnFamily.Log, Bytes.Of($"log{i:D3}"), Bytes.Of($"e{i}"));
            await Engine.WriteAsync(batch, sync: true, Ct);
        }

        await Engine.PutAsync(ColumnFamily.Meta, Bytes.Of("unsynced"), Bytes.Of("u"));
        await Engine.DeleteAsync(ColumnFamily.Data, Bytes.Of("synced050"), sync: true);
        Engine.Dispose();

        using RocksDbStorageEngine reopened = RocksDbStorageEngine.Open(_directory.Path);
        Assert.Equal(99, reopened.ScanKeys(ColumnFamily.Data, [], []).Count);
        Assert.Equal(100, reopened.ScanKeys(ColumnFamily.Log, [], []).Count);
        Assert.Equal(Bytes.Of("v99"), reopened.Get(ColumnFamily.Data, Bytes.Of("synced099")));
        Assert.Null(reopened.Get(ColumnFamily.Data, Bytes.Of("synced050")));
        Assert.Equal(Bytes.Of("u"), reopened.Get(ColumnFamily.Meta, Bytes.Of("unsynced")));
    }

    [Fact]
    public async Task Reopening_without_a_memtable_flush_replays_the_wal()
    {
        string directory = Path.Combine(_directory.Path, "no-flush");
        var options = new StorageOptions { FlushOnDispose = false };
        using (RocksDbStorageEngine engine = RocksDbStorageEngine.Open(directory, options))
        {
            await engine.PutAsync(ColumnFamily.Data, Bytes.Of("k"), Bytes.Of("v"), sync: true);
        }

        Assert.Empty(Directory.GetFiles(Path.Combine(directory, RocksDbStorageEngine.RocksDbDirectoryName), "*.sst"));
        using RocksDbStorageEngine reopened = RocksDbStorageEngine.Open(directory, options);
        Assert.Equal(Bytes.Of("v"), reopened.Get(ColumnFamily.Data, Bytes.Of("k")));
    }

    [Fact]
    public void The_database_has_the_data_log_and_meta_column_families()
    {
        _ = Engine;
        Engine.Dispose();
        string dbPath = Path.Combine(_directory.Path, RocksDbStorageEngine.RocksDbDirectoryName);
        string[] names = [.. RocksDbSharp.RocksDb.ListColumnFamilies(new RocksDbSharp.DbOptions(), dbPath)];
        Assert.Equal(["data", "default", "log", "meta"], names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_database_with_a_column_family_this_version_does_not_know_still_opens()
    {
        await Engine.PutAsync(ColumnFamily.Data, Bytes.Of("k"), Bytes.Of("v"));
        Engine.Dispose();
        string dbPath = Path.Combine(_directory.Path, RocksDbStorageEngine.RocksDbDirectoryName);
        var families = new RocksDbSharp.ColumnFamilies
        {
            { "data", new RocksDbSharp.ColumnFamilyOptions() },
            { "log", new RocksDbSharp.ColumnFamilyOptions() },
            { "meta", new RocksDbSharp.ColumnFamilyOptions() },
        };
        using (var raw = RocksDbSharp.RocksDb.Open(new RocksDbSharp.DbOptions(), dbPath, families))
        {
            raw.CreateColumnFamily(new RocksDbSharp.ColumnFamilyOptions(), "from-the-future");
        }

        using RocksDbStorageEngine reopened = RocksDbStorageEngine.Open(_directory.Path);
        Assert.Equal(Bytes.Of("v"), reopened.Get(ColumnFamily.Data, Bytes.Of("k")));
    }

    [Fact]
    public void Hot_paths_call_librocksdb_through_direct_function_pointers()
    {
        _ = Engine;
        Assert.True(RocksDbFastCalls.Enabled);
    }

    [Fact]
    public void Block_checksums_bloom_filters_and_compression_are_configured()
    {
        _ = Engine;
        string dbPath = Path.Combine(_directory.Path, RocksDbStorageEngine.RocksDbDirectoryName);
        string optionsFile = Directory.GetFiles(dbPath, "OPTIONS-*").Order(StringComparer.Ordinal).Last();
        string text = File.ReadAllText(optionsFile);

        Assert.Contains("paranoid_checks=true", text, StringComparison.Ordinal);
        Assert.DoesNotContain("checksum=kNoChecksum", text, StringComparison.Ordinal);
        Assert.Contains("checksum=kXXH3", text, StringComparison.Ordinal);
        Assert.Contains("bloomfilter", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("compression=kLZ4Compression", text, StringComparison.Ordinal);
        Assert.Contains("bottommost_compression=kZSTD", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Synced_writes_go_through_the_group_commit_writer()
    {
        var engine = (RocksDbStorageEngine)Engine;
        Task[] writes = new Task[64];
        for (int i = 0; i < writes.Length; i++)
        {
            int n = i;
            writes[i] = Task.Run(() => engine.PutAsync(ColumnFamily.Log, Bytes.Of($"k{n:D2}"), Bytes.Of("v"), sync: true), Ct);
        }

        await Task.WhenAll(writes);
        await engine.PutAsync(ColumnFamily.Log, Bytes.Of("unsynced"), Bytes.Of("v"));

        Assert.Equal(64, engine.SyncedBatchCount);
        Assert.InRange(engine.SyncedWriteCount, 1, 64);
    }

    [Fact]
    public void A_second_engine_on_a_locked_directory_fails_at_once_naming_the_directory_and_pid()
    {
        _ = Engine;
        var error = Assert.Throws<DataDirectoryLockedException>(() => RocksDbStorageEngine.Open(_directory.Path));

        string fullPath = Path.GetFullPath(_directory.Path);
        Assert.Equal(
            $"Data directory '{fullPath}' is in use by another Basalt process (pid {Environment.ProcessId}); stop it or choose another --data-dir.",
            error.Message);
        Assert.Equal(Environment.ProcessId, error.OwnerProcessId);
        Assert.Equal(fullPath, error.Directory);
    }

    [Fact]
    public void The_lock_file_records_the_pid_and_is_released_on_dispose()
    {
        _ = Engine;
        Engine.Dispose();

        string lockFile = Path.Combine(_directory.Path, "basalt.lock");
        Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), File.ReadAllText(lockFile).Trim());
        using RocksDbStorageEngine reopened = RocksDbStorageEngine.Open(_directory.Path);
        Assert.Throws<DataDirectoryLockedException>(() => RocksDbStorageEngine.Open(_directory.Path));
    }

    [Fact]
    public void A_relative_directory_is_resolved_to_a_full_path()
    {
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(_directory.Path, "relative"));
        using RocksDbStorageEngine engine = RocksDbStorageEngine.Open(relative);
        Assert.Equal(Path.Combine(_directory.Path, "relative"), engine.Directory);
        Assert.True(File.Exists(Path.Combine(_directory.Path, "relative", "basalt.lock")));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _directory.Dispose();
        }
    }
}
