using Basalt.Storage.InMemory;

namespace Basalt.Storage;

/// <summary>
/// An in-memory engine that models a machine losing power, for the simulator and recovery tests.
/// Reads see every write, as on a running machine. A synced write is durable, and so is every write
/// made before it (one write-ahead log: a sync flushes everything ahead of it). After
/// <see cref="Crash"/>, a random prefix of the unsynced writes since the last sync survives as well
/// (each batch whole or not at all, as a checksummed WAL record); the rest is lost. Writes complete
/// synchronously, like <see cref="InMemoryStorageEngine"/>. Thread-safe.
/// </summary>
public sealed class PowerLossStorageEngine : IStorageEngine
{
    private readonly Lock _lock = new();
    private readonly InMemoryStorageEngine _current;
    private readonly List<WriteBatch> _unsynced = [];
    private TreeNode?[] _durable;
    private bool _crashed;

    public PowerLossStorageEngine()
        : this(new InMemoryStorageEngine())
    {
    }

    private PowerLossStorageEngine(InMemoryStorageEngine survived)
    {
        _current = survived;
        _durable = survived.CaptureState();
    }

    /// <summary>Writes since the last sync (each may or may not survive a crash).</summary>
    public int UnsyncedWrites
    {
        get
        {
            lock (_lock)
            {
                return _unsynced.Count;
            }
        }
    }

    /// <summary>Synced writes so far (each one a flush of the log).</summary>
    public long Syncs { get; private set; }

    /// <summary>Whether <see cref="Crash"/> was called: this engine is dead, its survivor lives on.</summary>
    public bool IsCrashed
    {
        get
        {
            lock (_lock)
            {
                return _crashed;
            }
        }
    }

    public byte[]? Get(ColumnFamily cf, ReadOnlySpan<byte> key) => _current.Get(cf, key);

    public IStorageCursor OpenCursor(ColumnFamily cf, ReadOnlySpan<byte> lowerBoundInclusive, ReadOnlySpan<byte> upperBoundExclusive, bool reverse) =>
        _current.OpenCursor(cf, lowerBoundInclusive, upperBoundExclusive, reverse);

    public ValueTask WriteAsync(WriteBatch batch, bool sync, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_crashed, this);
            var written = _current.WriteAsync(batch, sync: false, cancellationToken);
            if (!written.IsCompletedSuccessfully)
            {
                throw new InvalidOperationException("The in-memory engine completes writes synchronously.");
            }

            if (sync)
            {
                // Everything ahead of a synced write is flushed with it.
                _durable = _current.CaptureState();
                _unsynced.Clear();
                Syncs++;
            }
            else if (batch.Count > 0)
            {
                _unsynced.Add(Copy(batch));
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Power loss: this engine dies (every later call throws <see cref="ObjectDisposedException"/>) and the
    /// returned engine holds what survived: every synced write and those before it, plus a random prefix
    /// (possibly empty, possibly all) of the unsynced writes since.
    /// </summary>
    public PowerLossStorageEngine Crash(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_crashed, this);
            var keep = random.Next(_unsynced.Count + 1);
            var survived = new InMemoryStorageEngine(_durable);
            for (var i = 0; i < keep; i++)
            {
                _ = survived.WriteAsync(_unsynced[i], sync: false);
            }

            _crashed = true;
            _unsynced.Clear();
            _current.Dispose();
            return new PowerLossStorageEngine(survived);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _crashed = true;
            _unsynced.Clear();
            _current.Dispose();
        }
    }

    private static WriteBatch Copy(WriteBatch batch)
    {
        var copy = new WriteBatch();
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch.IsDelete(i))
            {
                copy.Delete(batch.GetColumnFamily(i), batch.GetKey(i));
            }
            else
            {
                copy.Put(batch.GetColumnFamily(i), batch.GetKey(i), batch.GetValue(i));
            }
        }

        return copy;
    }
}
