using Basalt.Api.Items;
using Basalt.Storage;

namespace Basalt.Api.Streams;

/// <summary>One page of a shard read by GetRecords.</summary>
public sealed record ShardPage(IReadOnlyList<(ulong Sequence, StreamRecord Record)> Records, ulong NextAfter, bool EndOfShard);

/// <summary>
/// Reads a shard's records after a position, up to the sequencer's horizon (so every record it
/// returns is durable and no record can later appear behind it), at most a count and about 1 MB.
/// </summary>
public sealed class ShardReader(StreamCatalog catalog, StreamSequencer sequencer)
{
    public const int MaxPageBytes = 1024 * 1024;

    /// <summary>
    /// The sequencer's horizon: read it before catching up the storage to read from (every record
    /// below it was applied by its partition's leader, so a replica caught up afterwards has it).
    /// </summary>
    public ulong Horizon => sequencer.Horizon;

    /// <param name="view">Storage caught up, after <paramref name="horizon"/> was read, with every partition of the stream's table.</param>
    /// <exception cref="Model.DynamoDbException">TrimmedDataAccessException when records after the position were trimmed.</exception>
    public ShardPage Read(IStorageEngine view, ulong horizon, StreamDescriptor stream, StreamShard shard, ulong after, int limit)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(shard);
        var upper = shard.EndingSequence is { } end ? Math.Min(horizon, end + 1) : horizon;
        var records = new List<(ulong, StreamRecord)>();
        var next = after;
        var exhausted = true;
        if (after < ulong.MaxValue && after + 1 < upper)
        {
            var lower = StreamRecordKeys.Record(stream, shard.Index, after + 1);
            var stop = StreamRecordKeys.Record(stream, shard.Index, upper);
            using var cursor = view.OpenCursor(ColumnFamily.Data, lower, stop, reverse: false);

            // The cursor is a snapshot taken now; a trim point published before it was taken is seen here.
            var latest = catalog.Find(stream.TableId, stream.CreatedMilliseconds)?.FindShard(shard.Index) ?? shard;
            if (after < latest.TrimmedThrough)
            {
                throw StreamErrors.Trimmed();
            }

            var bytes = 0;
            while (records.Count < limit && bytes < MaxPageBytes && cursor.MoveNext())
            {
                var sequence = StreamRecordKeys.SequenceOf(cursor.Key);
                var record = StreamRecordCodec.Decode(cursor.Value);
                records.Add((sequence, record));
                bytes += record.SizeBytes;
                next = sequence;
            }

            exhausted = (records.Count < limit && bytes < MaxPageBytes) || !cursor.MoveNext();
        }
        else if (after < (catalog.Find(stream.TableId, stream.CreatedMilliseconds)?.FindShard(shard.Index) ?? shard).TrimmedThrough)
        {
            throw StreamErrors.Trimmed();
        }

        if (exhausted)
        {
            next = Math.Max(after, upper - 1);
        }

        var endOfShard = exhausted && shard.EndingSequence is { } ending && upper == ending + 1;
        return new ShardPage(records, next, endOfShard);
    }

    /// <summary>The position just after the newest record that is final (LATEST).</summary>
    public ulong Latest(StreamShard shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        var last = sequencer.Horizon - 1;
        return shard.EndingSequence is { } end ? Math.Min(last, end) : last;
    }

    /// <summary>Range helper for deleting a whole stream's records.</summary>
    public static (byte[] Lower, byte[] Upper) StreamRange(StreamDescriptor stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var prefix = StreamRecordKeys.StreamPrefix(stream.TableId, stream.CreatedMilliseconds);
        return (prefix, KeyRanges.PrefixEnd(prefix));
    }
}
