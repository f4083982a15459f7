namespace Basalt.Replication.Log;

/// <summary>Reassembles a snapshot a follower receives in chunks, strictly in order.</summary>
internal sealed class SnapshotReceiver
{
    private SnapshotMetadata? metadata;
    private byte[] buffer = [];

    /// <summary>Bytes received so far of the snapshot at <paramref name="index"/> and <paramref name="term"/> (0 if another).</summary>
    public long ReceivedOf(ulong index, ulong term) =>
        metadata is not null && metadata.Index == index && metadata.Term == term ? Received : 0;

    public long Received { get; private set; }

    /// <summary>Takes a chunk; false when it is out of order (the sender should resume at <see cref="ReceivedOf"/>).</summary>
    public bool Accept(SnapshotMetadata meta, long offset, long size, ReadOnlySpan<byte> data)
    {
        if (offset == 0 && ReceivedOf(meta.Index, meta.Term) == 0)
        {
            if (size < 0 || size > Array.MaxLength)
            {
                return false;
            }

            metadata = meta;
            buffer = new byte[size];
            Received = 0;
        }
        else if (ReceivedOf(meta.Index, meta.Term) != offset || buffer.Length != size)
        {
            return false;
        }

        if (offset + data.Length > buffer.Length)
        {
            return false;
        }

        data.CopyTo(buffer.AsSpan((int)offset));
        Received = offset + data.Length;
        return true;
    }

    public bool Complete => metadata is not null && Received == buffer.Length;

    public Snapshot Take()
    {
        var snapshot = new Snapshot(metadata!, buffer);
        Reset();
        return snapshot;
    }

    public void Reset()
    {
        metadata = null;
        buffer = [];
        Received = 0;
    }
}
