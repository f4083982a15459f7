namespace Basalt.Storage.Tests;

public sealed class GroupCommitWriterTests : IDisposable
{
    private readonly BlockingTarget _target = new();

    public void Dispose()
    {
        _target.ReleaseAll();
        _target.Dispose();
    }

    [Fact]
    public async Task Batches_queued_while_a_write_is_in_progress_share_the_next_write()
    {
        using var writer = new GroupCommitWriter(_target.Write, maxBatches: 1000, maxBytes: long.MaxValue, "test");
        ValueTask first = writer.Enqueue(Batch("first"));
        _target.WaitUntilWriting();

        Task[] queued = [.. Enumerable.Range(0, 10).Select(i => writer.Enqueue(Batch($"q{i}")).AsTask())];
        Assert.All(queued, t => Assert.False(t.IsCompleted));
        Assert.False(first.IsCompleted);

        _target.ReleaseAll();
        await first;
        await Task.WhenAll(queued);

        Assert.Equal([1, 10], _target.GroupSizes);
        Assert.Equal(2, writer.GroupsWritten);
        Assert.Equal(11, writer.BatchesWritten);
    }

    [Fact]
    public async Task A_failed_write_fails_every_caller_in_its_group_and_later_writes_still_succeed()
    {
        using var writer = new GroupCommitWriter(_target.Write, maxBatches: 1000, maxBytes: long.MaxValue, "test");
        ValueTask first = writer.Enqueue(Batch("first"));
        _target.WaitUntilWriting();
        Task[] doomed = [.. Enumerable.Range(0, 5).Select(i => writer.Enqueue(Batch($"d{i}")).AsTask())];
        _target.FailNextWrites(1, skip: 1);

        _target.ReleaseAll();
        await first;
        foreach (Task task in doomed)
        {
            IOException error = await Assert.ThrowsAsync<IOException>(() => task);
            Assert.Equal("disk on fire", error.Message);
        }

        await writer.Enqueue(Batch("after"));
        Assert.Equal([1, 5, 1], _target.GroupSizes);
    }

    [Fact]
    public async Task A_group_holds_at_most_max_batches()
    {
        using var writer = new GroupCommitWriter(_target.Write, maxBatches: 4, maxBytes: long.MaxValue, "test");
        ValueTask first = writer.Enqueue(Batch("first"));
        _target.WaitUntilWriting();
        Task[] queued = [.. Enumerable.Range(0, 10).Select(i => writer.Enqueue(Batch($"q{i}")).AsTask())];

        _target.ReleaseAll();
        await first;
        await Task.WhenAll(queued);

        Assert.Equal([1, 4, 4, 2], _target.GroupSizes);
    }

    [Fact]
    public async Task A_group_holds_at_most_max_bytes_but_an_oversized_batch_is_written_alone()
    {
        long batchSize = Batch("q0").SizeInBytes;
        using var writer = new GroupCommitWriter(_target.Write, maxBatches: 1000, maxBytes: (batchSize * 3) + 1, "test");
        ValueTask first = writer.Enqueue(Batch("first"));
        _target.WaitUntilWriting();
        var oversized = new WriteBatch();
        oversized.Put(ColumnFamily.Log, Bytes.Of("big"), new byte[batchSize * 10]);
        Task[] queued =
        [
            .. Enumerable.Range(0, 4).Select(i => writer.Enqueue(Batch($"q{i}")).AsTask()),
            writer.Enqueue(oversized).AsTask(),
            writer.Enqueue(Batch("q5")).AsTask(),
        ];

        _target.ReleaseAll();
        await first;
        await Task.WhenAll(queued);

        Assert.Equal([1, 3, 1, 1, 1], _target.GroupSizes);
    }

    [Fact]
    public async Task Batches_are_written_in_the_order_they_were_queued()
    {
        using var writer = new GroupCommitWriter(_target.Write, maxBatches: 3, maxBytes: long.MaxValue, "test");
        ValueTask first = writer.Enqueue(Batch("k00"));
        _target.WaitUntilWriting();
        Task[] queued = [.. Enumerable.Range(1, 9).Select(i => writer.Enqueue(Batch($"k{i:D2}")).AsTask())];

        _target.ReleaseAll();
        await first;
        await Task.WhenAll(queued);

        Assert.Equal([.. Enumerable.Range(0, 10).Select(i => $"k{i:D2}")], _target.Keys);
    }

    [Fact]
    public async Task Dispose_writes_what_is_queued_and_later_enqueues_throw()
    {
        var writer = new GroupCommitWriter(_target.Write, maxBatches: 1000, maxBytes: long.MaxValue, "test");
        ValueTask first = writer.Enqueue(Batch("first"));
        _target.WaitUntilWriting();
        Task queued = writer.Enqueue(Batch("queued")).AsTask();

        Task disposing = Task.Run(writer.Dispose, TestContext.Current.CancellationToken);
        _target.ReleaseAll();
        await disposing;

        await first;
        await queued;
        Assert.Equal(["first", "queued"], _target.Keys);
        Assert.Throws<ObjectDisposedException>(() => writer.Enqueue(Batch("late")));
    }

    [Fact]
    public async Task Request_objects_are_reused_across_writes()
    {
        using var writer = new GroupCommitWriter(_target.Write, maxBatches: 1000, maxBytes: long.MaxValue, "test");
        _target.ReleaseAll();
        for (int i = 0; i < 100; i++)
        {
            await writer.Enqueue(Batch($"k{i}"));
        }

        Assert.Equal(100, _target.Keys.Count);
    }

    private static WriteBatch Batch(string key)
    {
        var batch = new WriteBatch();
        batch.Put(ColumnFamily.Log, Bytes.Of(key), Bytes.Of("v"));
        return batch;
    }

    /// <summary>A write target that blocks every write until released, recording each group.</summary>
    private sealed class BlockingTarget : IDisposable
    {
        private readonly ManualResetEventSlim _writing = new();
        private readonly ManualResetEventSlim _release = new();
        private readonly Lock _lock = new();
        private int _failCount;
        private int _failSkip;

        public List<int> GroupSizes { get; } = [];

        public List<string> Keys { get; } = [];

        public void Write(List<WriteBatch> batches)
        {
            _writing.Set();
            _release.Wait();
            lock (_lock)
            {
                GroupSizes.Add(batches.Count);
                if (_failSkip > 0)
                {
                    _failSkip--;
                }
                else if (_failCount > 0)
                {
                    _failCount--;
                    throw new IOException("disk on fire");
                }

                foreach (WriteBatch batch in batches)
                {
                    Keys.Add(Bytes.Text(batch.GetKey(0)));
                }
            }
        }

        public void WaitUntilWriting() => _writing.Wait(TestContext.Current.CancellationToken);

        public void ReleaseAll() => _release.Set();

        public void FailNextWrites(int count, int skip)
        {
            lock (_lock)
            {
                _failCount = count;
                _failSkip = skip;
            }
        }

        public void Dispose()
        {
            _writing.Dispose();
            _release.Dispose();
        }
    }
}
