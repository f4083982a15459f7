using System.IO.Hashing;

namespace Basalt.Partition;

/// <summary>
/// Per-key latches for read-modify-write: a fixed array of striped latches indexed by a hash of the
/// item key. Several keys are taken in stripe order, so batches cannot deadlock. Waiters are served
/// first come, first served; a released stripe is handed straight to its next waiter, whose task
/// completes asynchronously (no waiter code runs inside <see cref="Releaser.Dispose"/>) on the
/// waiter's own context — the latches never switch to the thread pool themselves, so a
/// deterministic scheduler can drive them. Thread-safe.
/// </summary>
public sealed class KeyLatches
{
    private const int StripeCount = 4096;
    private readonly Lock _lock = new();
    private readonly bool[] _held = new bool[StripeCount];
    private readonly Dictionary<int, Queue<Acquisition>> _waiting = [];

    /// <summary>Takes the latch of <paramref name="key"/>; dispose the result to release it.</summary>
    public ValueTask<Releaser> AcquireAsync(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Acquire([Stripe(key)]);
    }

    /// <summary>Takes the latches of every key (in stripe order, so concurrent batches cannot deadlock); dispose the result to release them all.</summary>
    public ValueTask<Releaser> AcquireAllAsync(IEnumerable<byte[]> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys is IReadOnlyList<byte[]> { Count: 1 } single)
        {
            // The common case (one item): no set to sort.
            ArgumentNullException.ThrowIfNull(single[0], nameof(keys));
            return Acquire([Stripe(single[0])]);
        }

        var stripes = new SortedSet<int>();
        foreach (var key in keys)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(keys));
            stripes.Add(Stripe(key));
        }

        return Acquire([.. stripes]);
    }

    /// <summary>Whether some writer holds the latch of <paramref name="key"/> (for tests and diagnostics).</summary>
    public bool IsHeld(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_lock)
        {
            return _held[Stripe(key)];
        }
    }

    private static int Stripe(byte[] key) => (int)(XxHash3.HashToUInt64(key) % StripeCount);

    private ValueTask<Releaser> Acquire(int[] stripes)
    {
        var acquisition = new Acquisition(this, stripes);
        lock (_lock)
        {
            if (TakeUnlocked(acquisition))
            {
                return new ValueTask<Releaser>(new Releaser(acquisition));
            }

            acquisition.Granted = new TaskCompletionSource<Releaser>(TaskCreationOptions.RunContinuationsAsynchronously);
            return new ValueTask<Releaser>(acquisition.Granted.Task);
        }
    }

    /// <summary>Takes the acquisition's remaining stripes in order; false (queued on the first busy one) when it must wait.</summary>
    private bool TakeUnlocked(Acquisition acquisition)
    {
        while (acquisition.Taken < acquisition.Stripes.Length)
        {
            var stripe = acquisition.Stripes[acquisition.Taken];
            if (_held[stripe])
            {
                if (!_waiting.TryGetValue(stripe, out var queue))
                {
                    queue = new Queue<Acquisition>();
                    _waiting[stripe] = queue;
                }

                queue.Enqueue(acquisition);
                return false;
            }

            _held[stripe] = true;
            acquisition.Taken++;
        }

        return true;
    }

    private void Release(Acquisition acquisition)
    {
        List<Acquisition>? granted = null;
        lock (_lock)
        {
            foreach (var stripe in acquisition.Stripes)
            {
                if (_waiting.TryGetValue(stripe, out var queue))
                {
                    // Hand the stripe over: it stays held, now by the next waiter.
                    var next = queue.Dequeue();
                    if (queue.Count == 0)
                    {
                        _waiting.Remove(stripe);
                    }

                    next.Taken++;
                    if (TakeUnlocked(next))
                    {
                        (granted ??= []).Add(next);
                    }
                }
                else
                {
                    _held[stripe] = false;
                }
            }
        }

        if (granted is not null)
        {
            foreach (var next in granted)
            {
                next.Granted!.TrySetResult(new Releaser(next));
            }
        }
    }

    /// <summary>One acquire: its stripes in ascending order, how many it holds, and (when it had to wait) its promise.</summary>
    internal sealed class Acquisition(KeyLatches owner, int[] stripes)
    {
        private int _released;

        public int[] Stripes { get; } = stripes;

        public int Taken { get; set; }

        public TaskCompletionSource<Releaser>? Granted { get; set; }

        public void Release()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(this);
            }
        }
    }

    /// <summary>Releases the latches taken by one acquire (once; disposing again does nothing).</summary>
    public readonly struct Releaser : IDisposable
    {
        private readonly Acquisition? _acquisition;

        internal Releaser(Acquisition acquisition) => _acquisition = acquisition;

        public void Dispose() => _acquisition?.Release();
    }
}
