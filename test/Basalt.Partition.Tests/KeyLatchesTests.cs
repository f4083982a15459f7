using System.Text;

namespace Basalt.Partition.Tests;

public class KeyLatchesTests
{
    private static readonly byte[] A = Encoding.UTF8.GetBytes("a");
    private static readonly byte[] B = Encoding.UTF8.GetBytes("b");
    private static readonly byte[] C = Encoding.UTF8.GetBytes("c");

    [Fact]
    public async Task A_key_is_held_by_one_writer_at_a_time_and_waiters_are_served_in_arrival_order()
    {
        var latches = new KeyLatches();
        var first = latches.AcquireAsync(A);
        Assert.True(first.IsCompletedSuccessfully);
        var second = latches.AcquireAsync(A).AsTask();
        var third = latches.AcquireAsync(A).AsTask();
        Assert.False(second.IsCompleted);
        Assert.False(third.IsCompleted);

        (await first).Dispose();
        var secondReleaser = await second;
        Assert.False(third.IsCompleted);
        Assert.True(latches.IsHeld(A));

        secondReleaser.Dispose();
        (await third).Dispose();
        Assert.False(latches.IsHeld(A));
    }

    [Fact]
    public async Task Different_keys_do_not_wait_for_each_other()
    {
        var latches = new KeyLatches();
        using var a = await latches.AcquireAsync(A);
        Assert.False(latches.IsHeld(B), "a and b fall on different stripes");
        var b = latches.AcquireAsync(B);
        Assert.True(b.IsCompletedSuccessfully);
        (await b).Dispose();
    }

    [Fact]
    public async Task Releasing_twice_does_not_release_the_next_holder()
    {
        var latches = new KeyLatches();
        var first = await latches.AcquireAsync(A);
        var second = latches.AcquireAsync(A).AsTask();
        first.Dispose();
        using var held = await second;
        first.Dispose();
        Assert.True(latches.IsHeld(A));
        Assert.False(latches.AcquireAsync(A).IsCompleted);
        default(KeyLatches.Releaser).Dispose();
    }

    [Fact]
    public async Task Batches_take_keys_in_one_order_so_opposite_orders_cannot_deadlock()
    {
        var latches = new KeyLatches();
        Task<KeyLatches.Releaser> ab;
        Task<KeyLatches.Releaser> ba;
        using (await latches.AcquireAsync(B))
        {
            // ab waits for b while holding whichever of a and b comes first in stripe order; ba likewise.
            ab = latches.AcquireAllAsync([A, B]).AsTask();
            ba = latches.AcquireAllAsync([B, A, B]).AsTask();
            var c = latches.AcquireAllAsync([C]);
            Assert.True(c.IsCompletedSuccessfully, "unrelated keys are free");
            (await c).Dispose();
            Assert.False(ab.IsCompleted);
            Assert.False(ba.IsCompleted);
        }

        // b released: the batches run one after the other, first come first served.
        var abReleaser = await ab;
        Assert.False(ba.IsCompleted);
        Assert.True(latches.IsHeld(A) && latches.IsHeld(B));
        abReleaser.Dispose();
        (await ba).Dispose();
        Assert.False(latches.IsHeld(A) || latches.IsHeld(B));
    }

    [Fact]
    public async Task Many_concurrent_writers_of_one_key_never_overlap()
    {
        var latches = new KeyLatches();
        var inside = 0;
        var maxInside = 0;
        var counter = 0;
        var ct = TestContext.Current.CancellationToken;
        var writers = Enumerable.Range(0, 8).Select(_ => Task.Run(
            async () =>
            {
                for (var i = 0; i < 500; i++)
                {
                    using (await latches.AcquireAllAsync(i % 2 == 0 ? [A] : [B, A]))
                    {
                        var now = Interlocked.Increment(ref inside);
                        maxInside = Math.Max(maxInside, now);
                        counter++;
                        await Task.Yield();
                        Interlocked.Decrement(ref inside);
                    }
                }
            },
            ct));
        await Task.WhenAll(writers);
        Assert.Equal(4000, counter);
        Assert.Equal(1, maxInside);
    }

    [Fact]
    public async Task A_waiter_resumes_on_its_own_context_never_inside_the_release()
    {
        var context = new QueueContext();
        var latches = new KeyLatches();
        var log = new List<string>();
        var holder = await latches.AcquireAsync(A);
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            _ = Waiter();
            Assert.Equal(["waiting"], log);

            holder.Dispose();
            log.Add("released");
            Assert.Equal(["waiting", "released"], log);
            Assert.Equal(1, context.Queued);

            context.RunAll();
            Assert.Equal(["waiting", "released", "acquired"], log);
            Assert.False(latches.IsHeld(A));
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        async Task Waiter()
        {
            var wait = latches.AcquireAsync(A);
            log.Add("waiting");
            using (await wait)
            {
                log.Add("acquired");
            }
        }
    }

    /// <summary>A single-threaded context: posted continuations wait until the test runs them.</summary>
    private sealed class QueueContext : SynchronizationContext
    {
        private readonly Queue<(SendOrPostCallback Callback, object? State)> _posted = new();

        public int Queued => _posted.Count;

        public override void Post(SendOrPostCallback d, object? state) => _posted.Enqueue((d, state));

        public void RunAll()
        {
            while (_posted.TryDequeue(out var work))
            {
                work.Callback(work.State);
            }
        }
    }
}
