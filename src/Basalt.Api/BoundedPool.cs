using System.Collections.Concurrent;

namespace Basalt.Api;

/// <summary>
/// A process-wide pool of reusable objects on a request path (response buffers, write batches): takes
/// one back only while it holds fewer than its capacity, so a burst does not leave it holding memory.
/// What an object must be before it is reused (cleared, not too large) is the caller's to decide.
/// </summary>
internal sealed class BoundedPool<T>(int capacity, Func<T> create)
    where T : class
{
    private readonly ConcurrentQueue<T> _items = new();
    private int _count;

    /// <summary>A pooled object, or a new one when the pool is empty.</summary>
    public T Rent()
    {
        if (_items.TryDequeue(out var item))
        {
            Interlocked.Decrement(ref _count);
            return item;
        }

        return create();
    }

    /// <summary>Keeps <paramref name="item"/> for reuse unless the pool is full; false when it was not kept.</summary>
    public bool Return(T item)
    {
        if (Interlocked.Increment(ref _count) > capacity)
        {
            Interlocked.Decrement(ref _count);
            return false;
        }

        _items.Enqueue(item);
        return true;
    }
}
