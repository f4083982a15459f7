namespace Basalt.Storage;

/// <summary>
/// Counts operations in flight so that disposal can wait for them before releasing native resources.
/// After <see cref="Close"/> every <see cref="Enter"/> throws <see cref="ObjectDisposedException"/>.
/// </summary>
internal sealed class OperationGate(string objectName)
{
    private const int ClosedFlag = 1 << 30;

    private int _state;

    public bool IsClosed => (Volatile.Read(ref _state) & ClosedFlag) != 0;

    public void Enter()
    {
        int state = Interlocked.Increment(ref _state);
        if ((state & ClosedFlag) != 0)
        {
            Interlocked.Decrement(ref _state);
            throw new ObjectDisposedException(objectName);
        }
    }

    public bool TryEnter()
    {
        int state = Interlocked.Increment(ref _state);
        if ((state & ClosedFlag) != 0)
        {
            Interlocked.Decrement(ref _state);
            return false;
        }

        return true;
    }

    public void Exit() => Interlocked.Decrement(ref _state);

    public void ThrowIfClosed() => ObjectDisposedException.ThrowIf(IsClosed, objectName);

    /// <summary>Refuses new operations and waits for those in flight; false when already closed.</summary>
    public bool Close()
    {
        int previous = Interlocked.Or(ref _state, ClosedFlag);
        if ((previous & ClosedFlag) != 0)
        {
            return false;
        }

        SpinWait spin = default;
        while (Volatile.Read(ref _state) != ClosedFlag)
        {
            spin.SpinOnce();
        }

        return true;
    }
}
