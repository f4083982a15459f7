namespace Basalt.Replication.Tracking;

/// <summary>
/// The flow-control window to one follower: the last index and size of each Append sent but not yet
/// acknowledged. Full when either the message count or the byte budget is used up.
/// </summary>
internal sealed class Inflights(int capacity, long maxBytes)
{
    private readonly ulong[] lastIndex = new ulong[capacity];
    private readonly long[] sizes = new long[capacity];
    private int start;

    public int Count { get; private set; }

    public long Bytes { get; private set; }

    public bool Full => Count == capacity || Bytes >= maxBytes;

    public void Add(ulong index, long bytes)
    {
        if (Count == capacity)
        {
            throw new InvalidOperationException("Inflights window overflow.");
        }

        var slot = (start + Count) % capacity;
        lastIndex[slot] = index;
        sizes[slot] = bytes;
        Count++;
        Bytes += bytes;
    }

    /// <summary>Frees every message whose last index is at most <paramref name="index"/>.</summary>
    public void FreeLE(ulong index)
    {
        while (Count > 0 && lastIndex[start] <= index)
        {
            FreeFirst();
        }
    }

    public void FreeFirst()
    {
        if (Count == 0)
        {
            return;
        }

        Bytes -= sizes[start];
        start = (start + 1) % capacity;
        Count--;
    }

    public void Reset()
    {
        start = 0;
        Count = 0;
        Bytes = 0;
    }
}
