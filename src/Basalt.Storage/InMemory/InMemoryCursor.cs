namespace Basalt.Storage.InMemory;

/// <summary>
/// An in-order walk of one immutable tree root between two bounds, using an explicit stack: the seek is
/// O(log n) and each step amortised O(1). The root is a snapshot, so later writes are never seen.
/// </summary>
internal sealed class InMemoryCursor : IStorageCursor
{
    private readonly InMemoryStorageEngine _engine;
    private readonly byte[] _lowerBound;
    private readonly byte[]? _upperBound;
    private readonly bool _reverse;
    private readonly TreeNode?[] _stack;
    private int _depth;
    private TreeNode? _current;
    private bool _started;
    private bool _disposed;
    private TreeNode? _root;

    public InMemoryCursor(InMemoryStorageEngine engine, TreeNode? root, ReadOnlySpan<byte> lower, ReadOnlySpan<byte> upper, bool reverse)
    {
        _engine = engine;
        _root = root;
        _lowerBound = lower.ToArray();
        _upperBound = upper.IsEmpty ? null : upper.ToArray();
        _reverse = reverse;
        _stack = new TreeNode?[TreeNode.HeightOf(root)];
    }

    public ReadOnlySpan<byte> Key => Current.Key;

    public ReadOnlySpan<byte> Value => Current.Value;

    private TreeNode Current
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _current ?? throw new InvalidOperationException("The cursor is not positioned on an entry; call MoveNext first and check its result.");
        }
    }

    public bool MoveNext()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _engine.ThrowIfDisposed();
        if (!_started)
        {
            _started = true;
            if (_reverse)
            {
                SeekLast(_root);
            }
            else
            {
                SeekFirst(_root);
            }

            _root = null;
        }

        if (_depth == 0)
        {
            _current = null;
            return false;
        }

        TreeNode node = _stack[--_depth]!;
        _stack[_depth] = null;
        if (_reverse)
        {
            if (node.Key.AsSpan().SequenceCompareTo(_lowerBound) < 0)
            {
                return Finish();
            }

            PushRightSpine(node.Left);
        }
        else
        {
            if (_upperBound is not null && node.Key.AsSpan().SequenceCompareTo(_upperBound) >= 0)
            {
                return Finish();
            }

            PushLeftSpine(node.Right);
        }

        _current = node;
        return true;
    }

    public void Dispose()
    {
        _disposed = true;
        _current = null;
        _root = null;
        Array.Clear(_stack);
        _depth = 0;
    }

    private bool Finish()
    {
        Array.Clear(_stack, 0, _depth);
        _depth = 0;
        _current = null;
        return false;
    }

    /// <summary>Pushes the path to the first key &gt;= the lower bound; every pushed node is such a key.</summary>
    private void SeekFirst(TreeNode? node)
    {
        while (node is not null)
        {
            if (node.Key.AsSpan().SequenceCompareTo(_lowerBound) >= 0)
            {
                _stack[_depth++] = node;
                node = node.Left;
            }
            else
            {
                node = node.Right;
            }
        }
    }

    /// <summary>Pushes the path to the last key below the upper bound; every pushed node is such a key.</summary>
    private void SeekLast(TreeNode? node)
    {
        while (node is not null)
        {
            if (_upperBound is null || node.Key.AsSpan().SequenceCompareTo(_upperBound) < 0)
            {
                _stack[_depth++] = node;
                node = node.Right;
            }
            else
            {
                node = node.Left;
            }
        }
    }

    private void PushLeftSpine(TreeNode? node)
    {
        while (node is not null)
        {
            _stack[_depth++] = node;
            node = node.Left;
        }
    }

    private void PushRightSpine(TreeNode? node)
    {
        while (node is not null)
        {
            _stack[_depth++] = node;
            node = node.Right;
        }
    }
}
