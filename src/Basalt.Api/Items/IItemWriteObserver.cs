using Basalt.Storage;

namespace Basalt.Api.Items;

/// <summary>
/// Adds its own records to the write batch of every item write: secondary-index entries, stream
/// records. They go into the same atomic, durable batch as the item, so they can never be lost
/// or applied without it. Called under the item's latch, in commit order per item.
/// </summary>
public interface IItemWriteObserver
{
    /// <param name="batch">The batch the item write is in; add records to it.</param>
    /// <param name="write">The write: table, key, old and new image.</param>
    /// <param name="timestamp">The write's hybrid-logical-clock timestamp (strictly increasing on this server).</param>
    void OnWrite(WriteBatch batch, in PendingWrite write, ulong timestamp);

    /// <summary>
    /// Called once per batch after its write is over: durable, or failed (then nothing of it is
    /// stored). Stream readers use it to know that no record can still appear below a point.
    /// </summary>
    void OnWriteCompleted(WriteBatch batch)
    {
    }
}
