using System.Buffers.Binary;
using Basalt.Api.Items;
using Basalt.Model;
using Basalt.Storage;

namespace Basalt.Api.Streams;

/// <summary>
/// Adds a stream record to the write batch of every item write of a table with an enabled stream,
/// so the record is committed atomically with the item (never lost, never without the write) and,
/// since writes of one item are serialised by its latch, in order per item. A write that changes
/// nothing (deleting a missing item, writing an identical image) leaves no record, as in DynamoDB.
/// </summary>
public sealed class StreamRecorder(StreamSequencer sequencer) : IItemWriteObserver
{
    public void OnWrite(WriteBatch batch, in PendingWrite write, ulong timestamp)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (sequencer.RouteOf(write.Table.Id) is null || IsNoChange(write.OldItem, write.NewItem))
        {
            return;
        }

        var hash = BinaryPrimitives.ReadUInt64BigEndian(write.Key.AsSpan(KeyCodec.TablePrefixLength, KeyCodec.HashLength));
        if (!sequencer.TryAllocate(write.Table.Id, hash, batch, timestamp, out var stream, out var shard, out var sequence))
        {
            return;
        }

        var image = write.NewItem ?? write.OldItem!;
        var keys = ItemKeys.KeyOf(write.Table, image);
        var eventName = write.OldItem is null ? StreamEventName.INSERT : write.NewItem is null ? StreamEventName.REMOVE : StreamEventName.MODIFY;
        var record = new StreamRecord(
            eventName,
            (long)(timestamp >> 16),
            write.ByService,
            keys,
            StreamViewTypes.IncludesOldImage(stream.ViewType) ? write.OldItem : null,
            StreamViewTypes.IncludesNewImage(stream.ViewType) ? write.NewItem : null);
        batch.Put(ColumnFamily.Data, StreamRecordKeys.Record(stream, shard.Index, sequence), StreamRecordCodec.Encode(record));
    }

    /// <inheritdoc />
    public void OnWriteCompleted(WriteBatch batch) => sequencer.Complete(batch);

    private static bool IsNoChange(Item? old, Item? updated)
    {
        if (old is null || updated is null)
        {
            return old is null && updated is null;
        }

        if (old.Count != updated.Count)
        {
            return false;
        }

        foreach (var (name, value) in old)
        {
            if (!updated.TryGetValue(name, out var other) || !AttributeValueEquality.AreEqual(value, other))
            {
                return false;
            }
        }

        return true;
    }
}
