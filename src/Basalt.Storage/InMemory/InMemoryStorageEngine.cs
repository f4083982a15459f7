using Basalt.Storage.InMemory;

namespace Basalt.Storage;

/// <summary>
/// A volatile storage engine for <c>--in-memory</c> and the simulator, with the same semantics as RocksDB:
/// bytewise order, atomic batches, snapshot cursors. Each column family is a persistent AVL tree; the roots of
/// all column families are published together as one immutable object, so readers (lock-free) and cursors
/// (O(1) to snapshot) always see whole batches. Writers are serialised by a lock. <c>sync</c> is ignored.
/// </summary>
public sealed class InMemoryStorageEngine : IStorageEngine
{
    private readonly Lock _writeLock = new();
    private Roots _roots;
    private volatile bool _disposed;

    public InMemoryStorageEngine()
        : this(new TreeNode?[3])
    {
    }

    /// <summary>An engine whose contents are a captured state (<see cref="CaptureState"/>) of another one.</summary>
    internal InMemoryStorageEngine(TreeNode?[] trees) => _roots = new Roots(trees);

    public byte[]? Get(ColumnFamily cf, ReadOnlySpan<byte> key)
    {
        int index = Index(cf);
        ThrowIfDisposed();
        TreeNode? node = PersistentTree.Find(Volatile.Read(ref _roots).Trees[index], key);
        return node?.Value;
    }

    public ValueTask WriteAsync(WriteBatch batch, bool sync, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        ThrowIfDisposed();
        if (batch.Count == 0)
        {
            return ValueTask.CompletedTask;
        }

        lock (_writeLock)
        {
            ThrowIfDisposed();
            var trees = (TreeNode?[])_roots.Trees.Clone();
            for (int i = 0; i < batch.Count; i++)
            {
                int cf = (int)batch.GetColumnFamily(i);
                trees[cf] = batch.IsDelete(i)
                    ? PersistentTree.Remove(trees[cf], batch.GetKey(i))
                    : PersistentTree.Put(trees[cf], batch.GetKey(i).ToArray(), batch.GetValue(i).ToArray());
            }

            Volatile.Write(ref _roots, new Roots(trees));
        }

        return ValueTask.CompletedTask;
    }

    public IStorageCursor OpenCursor(ColumnFamily cf, ReadOnlySpan<byte> lowerBoundInclusive, ReadOnlySpan<byte> upperBoundExclusive, bool reverse)
    {
        int index = Index(cf);
        ThrowIfDisposed();
        return new InMemoryCursor(this, Volatile.Read(ref _roots).Trees[index], lowerBoundInclusive, upperBoundExclusive, reverse);
    }

    /// <summary>Drops every entry. Later calls (and open cursors) throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (_writeLock)
        {
            _disposed = true;
            _roots = new Roots(new TreeNode?[3]);
        }
    }

    /// <summary>
    /// The roots of every column family as of now: O(1), and never modified afterwards (writes copy the
    /// array and the trees are persistent), so it may seed another engine.
    /// </summary>
    internal TreeNode?[] CaptureState()
    {
        ThrowIfDisposed();
        return Volatile.Read(ref _roots).Trees;
    }

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private static int Index(ColumnFamily cf)
    {
        if ((uint)cf > (uint)ColumnFamily.Meta)
        {
            throw new ArgumentOutOfRangeException(nameof(cf), cf, "Unknown column family.");
        }

        return (int)cf;
    }

    /// <summary>The tree roots of all column families at one point in time.</summary>
    private sealed class Roots(TreeNode?[] trees)
    {
        public TreeNode?[] Trees { get; } = trees;
    }
}
