namespace Basalt.Storage.Tests;

/// <summary>
/// The behaviour every <see cref="IStorageEngine"/> must have; run once per implementation by the subclasses.
/// </summary>
public abstract class StorageEngineContractTests : IDisposable
{
    private static readonly byte[] None = [];

    private readonly Lazy<IStorageEngine> _engine;

    protected StorageEngineContractTests() => _engine = new Lazy<IStorageEngine>(CreateEngine, LazyThreadSafetyMode.ExecutionAndPublication);

    protected IStorageEngine Engine => _engine.Value;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected abstract IStorageEngine CreateEngine();

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (_engine.IsValueCreated)
            {
                _engine.Value.Dispose();
            }
        }
    }

    [Fact]
    public void Get_of_a_missing_key_returns_null()
    {
        Assert.Null(Engine.Get(ColumnFamily.Data, Bytes.Of("absent")));
    }

    [Fact]
    public async Task Put_then_get_returns_the_value()
    {
        await Engine.PutAsync(ColumnFamily.Data, Bytes.Of("k"), Bytes.Of("v"));
        Assert.Equal(Bytes.Of("v"), Engine.Get(ColumnFamily.Data, Bytes.Of("k")));
    }

    [Fact]
    public async Task A_later_put_overwrites_the_value()
    {
        await Engine.PutAsync(ColumnFamily.Data, Bytes.Of("k"), Bytes.Of("one"));
        await Engine.PutAsync(ColumnFamily.Data, Bytes.Of("k"), Bytes.Of("two"), sync: true);
        Assert.Equal(Bytes.Of("two"), Engine.Get(ColumnFamily.Data, Bytes.Of("k")));
    }

    [Fact]
    public async Task Delete_removes_the_key_and_deleting_a_missing_key_is_a_no_op()
    {
        await Engine.PutAsync(ColumnFamily.Data, Bytes.Of("k"), Bytes.Of("v"));
        await Engine.DeleteAsync(ColumnFamily.Data, Bytes.Of("k"), sync: true);
        await Engine.DeleteAsync(ColumnFamily.Data, Bytes.Of("never-written"));
        Assert.Null(Engine.Get(ColumnFamily.Data, Bytes.Of("k")));
        Assert.Empty(Engine.Scan(ColumnFamily.Data, None, None));
    }

    [Fact]
    public async Task Empty_and_large_values_round_trip()
    {
        byte[] large = new byte[1 << 20];
        new Random(7).NextBytes(large);
        await Engine.PutAsync(ColumnFamily.Data, Bytes.Of("empty"), []);
        await Engine.PutAsync(ColumnFamily.Data, Bytes.Of("large"), large, sync: true);
        Assert.Equal(Array.Empty<byte>(), Engine.Get(ColumnFamily.Data, Bytes.Of("empty")));
        Assert.Equal(large, Engine.Get(ColumnFamily.Data, Bytes.Of("large")));
    }

    [Fact]
    public async Task A_value_read_is_not_changed_by_later_writes_of_its_key()
    {
        // Engines may share the array they hold with readers (callers never modify it), so a write
        // must replace the stored array, never overwrite it in place.
        await Engine.PutAsync(ColumnFamily.Data, Bytes.Of("k"), Bytes.Of("value"));
        byte[] first = Engine.Get(ColumnFamily.Data, Bytes.Of("k"))!;
        await Engine.PutAsync(ColumnFamily.Data, Bytes.Of("k"), Bytes.Of("other"));
        await Engine.DeleteAsync(ColumnFamily.Data, Bytes.Of("k"));
        Assert.Equal(Bytes.Of("value"), first);
    }

    [Fact]
    public async Task Column_families_are_independent_key_spaces()
    {
        var batch = new WriteBatch();
        batch.Put(ColumnFamily.Data, Bytes.Of("k"), Bytes.Of("data"));
        batch.Put(ColumnFamily.Log, Bytes.Of("k"), Bytes.Of("log"));
        batch.Put(ColumnFamily.Meta, Bytes.Of("k"), Bytes.Of("meta"));
        await Engine.WriteAsync(batch, sync: true, Ct);

        await Engine.DeleteAsync(ColumnFamily.Log, Bytes.Of("k"));

        Assert.Equal(Bytes.Of("data"), Engine.Get(ColumnFamily.Data, Bytes.Of("k")));
        Assert.Null(Engine.Get(ColumnFamily.Log, Bytes.Of("k")));
        Assert.Equal(Bytes.Of("meta"), Engine.Get(ColumnFamily.Meta, Bytes.Of("k")));
        Assert.Equal([Bytes.Hex(Bytes.Of("k"))], Engine.ScanKeys(ColumnFamily.Meta, None, None));
        Assert.Empty(Engine.ScanKeys(ColumnFamily.Log, None, None));
    }

    [Fact]
    public async Task Within_a_batch_the_last_operation_on_a_key_wins()
    {
        var batch = new WriteBatch();
        batch.Put(ColumnFamily.Data, Bytes.Of("a"), Bytes.Of("1"));
        batch.Delete(ColumnFamily.Data, Bytes.Of("a"));
        batch.Put(ColumnFamily.Data, Bytes.Of("b"), Bytes.Of("1"));
        batch.Put(ColumnFamily.Data, Bytes.Of("b"), Bytes.Of("2"));
        batch.Delete(ColumnFamily.Data, Bytes.Of("c"));
        batch.Put(ColumnFamily.Data, Bytes.Of("c"), Bytes.Of("3"));
        await Engine.WriteAsync(batch, sync: false, Ct);

        Assert.Null(Engine.Get(ColumnFamily.Data, Bytes.Of("a")));
        Assert.Equal(Bytes.Of("2"), Engine.Get(ColumnFamily.Data, Bytes.Of("b")));
        Assert.Equal(Bytes.Of("3"), Engine.Get(ColumnFamily.Data, Bytes.Of("c")));
    }

    [Fact]
    public async Task A_batch_may_be_cleared_and_reused_after_its_write_completes()
    {
        var batch = new WriteBatch();
        batch.Put(ColumnFamily.Data, Bytes.Of("first"), Bytes.Of("1"));
        await Engine.WriteAsync(batch, sync: true, Ct);
        batch.Clear();
        Assert.Equal(0, batch.Count);
        batch.Put(ColumnFamily.Data, Bytes.Of("second"), Bytes.Of("2"));
        await Engine.WriteAsync(batch, sync: true, Ct);

        Assert.Equal(
            [(Bytes.Hex(Bytes.Of("first")), Bytes.Hex(Bytes.Of("1"))), (Bytes.Hex(Bytes.Of("second")), Bytes.Hex(Bytes.Of("2")))],
            Engine.Scan(ColumnFamily.Data, None, None));
    }

    [Fact]
    public async Task An_empty_batch_writes_nothing()
    {
        await Engine.WriteAsync(new WriteBatch(), sync: true, Ct);
        await Engine.WriteAsync(new WriteBatch(), sync: false, Ct);
        Assert.Empty(Engine.Scan(ColumnFamily.Data, None, None));
    }

    [Fact]
    public async Task A_write_with_a_cancelled_token_is_cancelled_and_writes_nothing()
    {
        var batch = new WriteBatch();
        batch.Put(ColumnFamily.Data, Bytes.Of("k"), Bytes.Of("v"));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Engine.WriteAsync(batch, sync: true, cancelled.Token).AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Engine.WriteAsync(batch, sync: false, cancelled.Token).AsTask());
        Assert.Null(Engine.Get(ColumnFamily.Data, Bytes.Of("k")));
    }

    [Fact]
    public async Task Keys_are_ordered_as_unsigned_bytes_including_0x00_and_0xFF()
    {
        byte[][] sorted =
        [
            [],
            [0x00],
            [0x00, 0x00],
            [0x00, 0xFF],
            [0x01],
            [0x7F],
            [0x7F, 0xFF, 0xFF],
            [0x80],
            [0x80, 0x00],
            [0xFE, 0xFF],
            [0xFF],
            [0xFF, 0x00],
            [0xFF, 0xFF],
            [0xFF, 0xFF, 0xFF],
        ];
        var batch = new WriteBatch();
        foreach (byte[] key in sorted.Reverse())
        {
            batch.Put(ColumnFamily.Data, key, key.Length == 0 ? Bytes.Of("empty") : key);
        }

        await Engine.WriteAsync(batch, sync: false, Ct);

        List<string> expected = [.. sorted.Select(Bytes.Hex)];
        Assert.Equal(expected, Engine.ScanKeys(ColumnFamily.Data, None, None));
        expected.Reverse();
        Assert.Equal(expected, Engine.ScanKeys(ColumnFamily.Data, None, None, reverse: true));
        Assert.Equal(Bytes.Of("empty"), Engine.Get(ColumnFamily.Data, []));
        Assert.Equal(Bytes.Of(0xFF, 0x00), Engine.Get(ColumnFamily.Data, Bytes.Of(0xFF, 0x00)));
    }

    [Fact]
    public async Task A_forward_cursor_includes_the_lower_bound_and_excludes_the_upper_bound()
    {
        await PutKeysAsync("a", "b", "c", "d", "e");

        Assert.Equal(Hex("b", "c", "d"), Engine.ScanKeys(ColumnFamily.Data, Bytes.Of("b"), Bytes.Of("e")));
        Assert.Equal(Hex("c", "d"), Engine.ScanKeys(ColumnFamily.Data, Bytes.Of("bb"), Bytes.Of("dd")));
        Assert.Equal(Hex("c", "d", "e"), Engine.ScanKeys(ColumnFamily.Data, Bytes.Of("c"), None));
        Assert.Equal(Hex("a", "b"), Engine.ScanKeys(ColumnFamily.Data, None, Bytes.Of("c")));
        Assert.Equal(Hex("a", "b", "c", "d", "e"), Engine.ScanKeys(ColumnFamily.Data, None, None));
        Assert.Empty(Engine.ScanKeys(ColumnFamily.Data, Bytes.Of("f"), None));
        Assert.Empty(Engine.ScanKeys(ColumnFamily.Data, None, Bytes.Of("a")));
    }

    [Fact]
    public async Task A_reverse_cursor_respects_both_bounds()
    {
        await PutKeysAsync("a", "b", "c", "d", "e");

        Assert.Equal(Hex("d", "c", "b"), Engine.ScanKeys(ColumnFamily.Data, Bytes.Of("b"), Bytes.Of("e"), reverse: true));
        Assert.Equal(Hex("d", "c"), Engine.ScanKeys(ColumnFamily.Data, Bytes.Of("bb"), Bytes.Of("dd"), reverse: true));
        Assert.Equal(Hex("e", "d", "c"), Engine.ScanKeys(ColumnFamily.Data, Bytes.Of("c"), None, reverse: true));
        Assert.Equal(Hex("b", "a"), Engine.ScanKeys(ColumnFamily.Data, None, Bytes.Of("c"), reverse: true));
        Assert.Equal(Hex("e", "d", "c", "b", "a"), Engine.ScanKeys(ColumnFamily.Data, None, None, reverse: true));
        Assert.Empty(Engine.ScanKeys(ColumnFamily.Data, Bytes.Of("f"), None, reverse: true));
        Assert.Empty(Engine.ScanKeys(ColumnFamily.Data, None, Bytes.Of("a"), reverse: true));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_cursor_whose_lower_bound_is_not_below_its_upper_bound_is_empty(bool reverse)
    {
        await PutKeysAsync("a", "b", "c");

        Assert.Empty(Engine.ScanKeys(ColumnFamily.Data, Bytes.Of("b"), Bytes.Of("b"), reverse));
        Assert.Empty(Engine.ScanKeys(ColumnFamily.Data, Bytes.Of("c"), Bytes.Of("a"), reverse));
    }

    [Fact]
    public async Task A_cursor_yields_the_values_of_its_keys()
    {
        await Engine.PutAsync(ColumnFamily.Data, Bytes.Of("a"), Bytes.Of("1"));
        await Engine.PutAsync(ColumnFamily.Data, Bytes.Of("b"), Bytes.Of("22"));

        using IStorageCursor cursor = Engine.OpenCursor(ColumnFamily.Data, [], [], reverse: false);
        Assert.True(cursor.MoveNext());
        Assert.Equal("a", Bytes.Text(cursor.Key));
        Assert.Equal("1", Bytes.Text(cursor.Value));
        Assert.True(cursor.MoveNext());
        Assert.Equal("22", Bytes.Text(cursor.Value));
        Assert.Equal("b", Bytes.Text(cursor.Key));
        Assert.False(cursor.MoveNext());
        Assert.False(cursor.MoveNext());
    }

    [Fact]
    public async Task Reading_a_cursor_before_move_next_or_after_its_end_throws()
    {
        await PutKeysAsync("a");
        using IStorageCursor cursor = Engine.OpenCursor(ColumnFamily.Data, [], [], reverse: false);

        Assert.Throws<InvalidOperationException>(() => cursor.Key.Length);
        Assert.True(cursor.MoveNext());
        Assert.False(cursor.MoveNext());
        Assert.Throws<InvalidOperationException>(() => cursor.Value.Length);
    }

    [Fact]
    public async Task A_cursor_reads_the_snapshot_taken_when_it_was_opened()
    {
        await PutKeysAsync("a", "b", "c");
        using IStorageCursor forward = Engine.OpenCursor(ColumnFamily.Data, [], [], reverse: false);
        using IStorageCursor reverse = Engine.OpenCursor(ColumnFamily.Data, [], [], reverse: true);

        var batch = new WriteBatch();
        batch.Delete(ColumnFamily.Data, Bytes.Of("a"));
        batch.Put(ColumnFamily.Data, Bytes.Of("b"), Bytes.Of("changed"));
        batch.Put(ColumnFamily.Data, Bytes.Of("bb"), Bytes.Of("new"));
        batch.Put(ColumnFamily.Data, Bytes.Of("d"), Bytes.Of("new"));
        await Engine.WriteAsync(batch, sync: true, Ct);

        Assert.Equal(["a=a", "b=b", "c=c"], Drain(forward));
        Assert.Equal(["c=c", "b=b", "a=a"], Drain(reverse));
        Assert.Equal(["b=changed", "bb=new", "c=c", "d=new"], Drain(Engine.OpenCursor(ColumnFamily.Data, [], [], reverse: false)));
    }

    [Fact]
    public async Task A_cursor_opened_mid_scan_of_another_is_unaffected_by_writes_between_steps()
    {
        await PutKeysAsync("a", "b", "c", "d");
        using IStorageCursor cursor = Engine.OpenCursor(ColumnFamily.Data, [], [], reverse: false);
        Assert.True(cursor.MoveNext());
        await Engine.DeleteAsync(ColumnFamily.Data, Bytes.Of("b"));
        await Engine.PutAsync(ColumnFamily.Data, Bytes.Of("c"), Bytes.Of("X"));
        Assert.True(cursor.MoveNext());
        Assert.Equal("b", Bytes.Text(cursor.Key));
        Assert.True(cursor.MoveNext());
        Assert.Equal("c", Bytes.Text(cursor.Value));
    }

    [Fact]
    public async Task Batches_are_atomic_for_concurrent_snapshot_readers()
    {
        const int keys = 16;
        const int snapshotsToCheck = 200;
        Task reader = Task.Run(
            () =>
            {
                for (int read = 0; read < snapshotsToCheck; read++)
                {
                    var values = new HashSet<string>();
                    int count = 0;
                    using IStorageCursor cursor = Engine.OpenCursor(ColumnFamily.Data, [], [], reverse: false);
                    while (cursor.MoveNext())
                    {
                        values.Add(Bytes.Text(cursor.Value));
                        count++;
                    }

                    Assert.True(count is 0 or keys, $"saw {count} keys");
                    Assert.True(values.Count <= 1, $"saw values {string.Join(",", values)} in one snapshot");
                }
            },
            Ct);

        var batch = new WriteBatch();
        for (int round = 0; !reader.IsCompleted; round++)
        {
            batch.Clear();
            for (int k = 0; k < keys; k++)
            {
                batch.Put(ColumnFamily.Data, Bytes.Of($"key{k:D2}"), Bytes.Of($"round{round}"));
            }

            await Engine.WriteAsync(batch, sync: round % 50 == 0, Ct);
            await Task.Yield();
        }

        await reader;
    }

    [Fact]
    public async Task Every_awaited_write_of_concurrent_synced_writers_is_visible()
    {
        const int writers = 32;
        const int writesPerWriter = 10;
        Task[] tasks = new Task[writers];
        for (int w = 0; w < writers; w++)
        {
            int writer = w;
            tasks[w] = Task.Run(
                async () =>
                {
                    var batch = new WriteBatch();
                    for (int i = 0; i < writesPerWriter; i++)
                    {
                        byte[] key = Bytes.Of($"w{writer:D2}-{i:D3}");
                        batch.Clear();
                        batch.Put(ColumnFamily.Log, key, key);
                        batch.Put(ColumnFamily.Meta, key, Bytes.Of("last"));
                        await Engine.WriteAsync(batch, sync: true, Ct);
                        Assert.Equal(key, Engine.Get(ColumnFamily.Log, key));
                    }
                },
                Ct);
        }

        await Task.WhenAll(tasks);

        Assert.Equal(writers * writesPerWriter, Engine.ScanKeys(ColumnFamily.Log, None, None).Count);
        Assert.Equal(writers * writesPerWriter, Engine.ScanKeys(ColumnFamily.Meta, None, None).Count);
    }

    [Fact]
    public async Task The_engine_agrees_with_a_sorted_map_model()
    {
        // A deterministic random workload over a small key alphabet so that keys collide, share prefixes and hit 0x00/0xFF.
        var random = new Random(20240611);
        var model = new SortedDictionary<byte[], byte[]>(Comparer<byte[]>.Create((x, y) => x.AsSpan().SequenceCompareTo(y)));
        byte[] alphabet = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF];
        byte[] RandomKey()
        {
            byte[] key = new byte[random.Next(0, 4)];
            for (int i = 0; i < key.Length; i++)
            {
                key[i] = alphabet[random.Next(alphabet.Length)];
            }

            return key;
        }

        var batch = new WriteBatch();
        for (int round = 0; round < 60; round++)
        {
            batch.Clear();
            int operations = random.Next(1, 8);
            for (int i = 0; i < operations; i++)
            {
                byte[] key = RandomKey();
                if (random.Next(4) == 0)
                {
                    batch.Delete(ColumnFamily.Data, key);
                    model.Remove(key);
                }
                else
                {
                    byte[] value = Bytes.Of($"{round}.{i}");
                    batch.Put(ColumnFamily.Data, key, value);
                    model[key] = value;
                }
            }

            await Engine.WriteAsync(batch, sync: false, Ct);

            byte[] lower = RandomKey();
            byte[] upper = random.Next(3) == 0 ? [] : RandomKey();
            bool reverse = random.Next(2) == 0;
            List<(string, string)> expected = [.. model
                .Where(e => e.Key.AsSpan().SequenceCompareTo(lower) >= 0 && (upper.Length == 0 || e.Key.AsSpan().SequenceCompareTo(upper) < 0))
                .Select(e => (Bytes.Hex(e.Key), Bytes.Hex(e.Value)))];
            if (reverse)
            {
                expected.Reverse();
            }

            Assert.Equal(expected, Engine.Scan(ColumnFamily.Data, lower, upper, reverse));
            byte[] probe = RandomKey();
            Assert.Equal(model.GetValueOrDefault(probe), Engine.Get(ColumnFamily.Data, probe));
        }
    }

    [Fact]
    public async Task Every_operation_after_dispose_throws_object_disposed()
    {
        await PutKeysAsync("a");
        IStorageCursor cursor = Engine.OpenCursor(ColumnFamily.Data, [], [], reverse: false);
        var batch = new WriteBatch();
        batch.Put(ColumnFamily.Data, Bytes.Of("b"), Bytes.Of("b"));

        Engine.Dispose();
        Engine.Dispose();

        Assert.Throws<ObjectDisposedException>(() => Engine.Get(ColumnFamily.Data, Bytes.Of("a")));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Engine.WriteAsync(batch, sync: true, Ct).AsTask());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Engine.WriteAsync(batch, sync: false, Ct).AsTask());
        Assert.Throws<ObjectDisposedException>(() => Engine.OpenCursor(ColumnFamily.Data, [], [], reverse: false));
        Assert.Throws<ObjectDisposedException>(() => cursor.MoveNext());
        cursor.Dispose();
    }

    [Fact]
    public void An_unknown_column_family_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Engine.Get((ColumnFamily)3, Bytes.Of("k")));
        Assert.Throws<ArgumentOutOfRangeException>(() => Engine.OpenCursor((ColumnFamily)(-1), [], [], reverse: false));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WriteBatch().Put((ColumnFamily)7, Bytes.Of("k"), Bytes.Of("v")));
    }

    protected async Task PutKeysAsync(params string[] keys)
    {
        var batch = new WriteBatch();
        foreach (string key in keys)
        {
            batch.Put(ColumnFamily.Data, Bytes.Of(key), Bytes.Of(key));
        }

        await Engine.WriteAsync(batch, sync: false, Ct);
    }

    private static List<string> Hex(params string[] keys) => [.. keys.Select(k => Bytes.Hex(Bytes.Of(k)))];

    private static List<string> Drain(IStorageCursor cursor)
    {
        var entries = new List<string>();
        using (cursor)
        {
            while (cursor.MoveNext())
            {
                entries.Add($"{Bytes.Text(cursor.Key)}={Bytes.Text(cursor.Value)}");
            }
        }

        return entries;
    }
}
