using System.Buffers;
using Basalt.Model;
using Basalt.Partition;
using Basalt.Storage;

namespace Basalt.Api.Items;

/// <summary>
/// One read-modify-write on a partition leader, under the latches of its keys: reads see the
/// latest images (the leader's pending proposals first), and staged writes go into one batch with
/// the records observers add (index entries, stream records), proposed as one log entry.
/// </summary>
public sealed class WriteSession
{
    private readonly PartitionReplica _leader;
    private readonly IItemWriteObserver[] _observers;
    private readonly HybridClock _clock;

    internal WriteSession(PartitionReplica leader, IItemWriteObserver[] observers, HybridClock clock)
    {
        _leader = leader;
        _observers = observers;
        _clock = clock;
    }

    /// <summary>The batch to propose; callers may add raw data-column-family records (index backfill). Pooled: valid until the write completes.</summary>
    public WriteBatch Batch { get; } = WriteBatchPool.Rent();

    internal List<(ulong TableId, long Items, long Bytes)> Deltas { get; } = [];

    /// <summary>Every key read so far (an evaluation that proposes nothing is confirmed against them).</summary>
    internal List<byte[]> ReadKeys { get; } = [];

    /// <summary>The latest image of an item (null = none), decoded when its attributes are first used.</summary>
    public StoredItem? Read(byte[] key) => ReadRaw(key) is { } bytes ? new StoredItem(bytes) : null;

    /// <summary>The latest stored value of any data key (null = none).</summary>
    public byte[]? ReadRaw(byte[] key)
    {
        ReadKeys.Add(key);
        return _leader.ReadLatest(key);
    }

    /// <summary>Stages an item write: its new image (or delete) and every observer's records.</summary>
    public void Stage(in PendingWrite write)
    {
        long itemDelta = 0, byteDelta = 0;
        var timestamp = _clock.Next();
        if (write.NewItem is null)
        {
            Batch.Delete(ColumnFamily.Data, write.Key);
        }
        else
        {
            // Encoded into a pooled buffer: the batch keeps its own copy.
            var buffer = ArrayPool<byte>.Shared.Rent(ItemCodec.GetEncodedLength(write.NewItem));
            var length = ItemCodec.Encode(write.NewItem, new ItemHeader(timestamp, 0), buffer);
            Batch.Put(ColumnFamily.Data, write.Key, buffer.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(buffer);
            itemDelta++;
            byteDelta += ItemSize.Of(write.NewItem);
        }

        if (write.Old is not null)
        {
            itemDelta--;
            byteDelta -= write.Old.Size;
        }

        foreach (var observer in _observers)
        {
            observer.OnWrite(Batch, write, timestamp);
        }

        Deltas.Add((write.Table.Id, itemDelta, byteDelta));
    }
}
