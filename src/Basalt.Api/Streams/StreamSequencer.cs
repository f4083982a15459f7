using Basalt.Storage;

namespace Basalt.Api.Streams;

/// <summary>
/// Hands out stream sequence numbers and knows which records are still being written.
/// <para>
/// A record's sequence number is taken when its item write is prepared (under the item's latch),
/// but concurrent writes of other items commit in any order, so a reader must not pass a sequence
/// number whose record may still appear. Every number handed to a record stays "in flight" until
/// the write batch carrying it is durable (or failed); <see cref="Horizon"/> is the smallest
/// number still in flight (or the next one to be handed out), and readers only read below it.
/// Records below the horizon are therefore final and durable: a reader never skips one nor sees
/// one that a crash could take back.
/// </para>
/// <para>
/// Sequence numbers are max(last + 1, the write's hybrid-logical-clock timestamp), so they rise
/// strictly and their high 48 bits are never earlier than the write's time in milliseconds (the
/// retention trim relies on it). The same lock routes writes to the enabled stream of their table,
/// so closing a stream or splitting a shard (which take an ending number under it) is atomic with
/// respect to recording.
/// </para>
/// </summary>
public sealed class StreamSequencer
{
    private readonly Lock _lock = new();
    private readonly SortedSet<ulong> _inFlight = [];
    private readonly Dictionary<WriteBatch, List<ulong>> _byBatch = new(ReferenceEqualityComparer.Instance);
    private volatile Dictionary<ulong, StreamDescriptor> _routes = [];
    private ulong _last;
    private int _pendingBatches;

    /// <summary>Every sequence number below this one belongs to a finished write (or to none).</summary>
    public ulong Horizon
    {
        get
        {
            lock (_lock)
            {
                return _inFlight.Count == 0 ? _last + 1 : _inFlight.Min;
            }
        }
    }

    /// <summary>The enabled stream of a table, if any (a lock-free read, for the hot path).</summary>
    public StreamDescriptor? RouteOf(ulong tableId) => _routes.GetValueOrDefault(tableId);

    /// <summary>
    /// For a write of an item of <paramref name="tableId"/> whose partition-key hash is
    /// <paramref name="hash"/>: the enabled stream, the shard and a fresh sequence number, which
    /// stays in flight until <see cref="Complete"/> is called with <paramref name="batch"/>.
    /// False when the table has no enabled stream.
    /// </summary>
    public bool TryAllocate(ulong tableId, ulong hash, WriteBatch batch, ulong floor, out StreamDescriptor stream, out StreamShard shard, out ulong sequence)
    {
        lock (_lock)
        {
            if (!_routes.TryGetValue(tableId, out stream!) || stream.OpenShardFor(hash) is not { } open)
            {
                stream = null!;
                shard = null!;
                sequence = 0;
                return false;
            }

            shard = open;
            sequence = NextLocked(floor);
            _inFlight.Add(sequence);
            if (!_byBatch.TryGetValue(batch, out var numbers))
            {
                numbers = [];
                _byBatch.Add(batch, numbers);
                Interlocked.Increment(ref _pendingBatches);
            }

            numbers.Add(sequence);
            return true;
        }
    }

    /// <summary>The batch's write is over (durable or failed): its records no longer hold back the horizon.</summary>
    public void Complete(WriteBatch batch)
    {
        // A batch that allocated nothing (most writes, when few tables have streams) costs no lock:
        // its own registration, if any, happened earlier in the same write (ordered before this call by
        // the await) and is still counted, since only this call removes it.
        if (Volatile.Read(ref _pendingBatches) == 0)
        {
            return;
        }

        lock (_lock)
        {
            if (_byBatch.Remove(batch, out var numbers))
            {
                Interlocked.Decrement(ref _pendingBatches);
                foreach (var number in numbers)
                {
                    _inFlight.Remove(number);
                }
            }
        }
    }

    /// <summary>A fresh sequence number that no record gets (a shard's start or end).</summary>
    public ulong Allocate(ulong floor)
    {
        lock (_lock)
        {
            return NextLocked(floor);
        }
    }

    /// <summary>Raises the counter above a number already used (found in storage at start-up).</summary>
    public void Observe(ulong used)
    {
        lock (_lock)
        {
            _last = Math.Max(_last, used);
        }
    }

    /// <summary>
    /// Atomically, with respect to recording: takes a fresh sequence number, computes the table's
    /// new enabled stream from it (null: none) and routes the table's writes there. Returns the number.
    /// </summary>
    public ulong Reroute(ulong tableId, ulong floor, Func<ulong, StreamDescriptor?> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_lock)
        {
            var number = NextLocked(floor);
            var routed = change(number);
            var routes = new Dictionary<ulong, StreamDescriptor>(_routes);
            if (routed is null)
            {
                routes.Remove(tableId);
            }
            else
            {
                routes[tableId] = routed;
            }

            _routes = routes;

            return number;
        }
    }

    private ulong NextLocked(ulong floor)
    {
        _last = Math.Max(_last + 1, floor);
        return _last;
    }
}
