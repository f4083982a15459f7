using Basalt.Api.Tables;
using Basalt.Storage;

namespace Basalt.Api.Streams;

/// <summary>
/// Every stream of this server (enabled ones and, for 24 hours, disabled ones), persisted as
/// <see cref="StreamDescriptor"/>s in the meta column family.
/// <para>
/// The table catalog is the truth about which stream a table has: <see cref="ReconcileAsync"/>
/// makes the descriptors follow it (a descriptor for each stream a table was given, closed when
/// the stream is disabled or the table deleted) and routes writes of each table to its enabled
/// stream. It runs after every CreateTable/UpdateTable that touches a stream, at start-up (which
/// repairs whatever a crash between the two left behind) and before the Streams API lists or
/// describes anything. Changes are serialised by one lock and synced before they are published.
/// </para>
/// </summary>
public sealed class StreamCatalog
{
    private readonly IStorageEngine _storage;
    private readonly bool _sync;
    private readonly TableCatalog _tables;
    private readonly StreamSequencer _sequencer;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile Dictionary<(ulong TableId, long CreatedMs), StreamDescriptor> _streams;

    public StreamCatalog(IStorageEngine storage, bool sync, TableCatalog tables, StreamSequencer sequencer, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(sequencer);
        _storage = storage;
        _sync = sync;
        _tables = tables;
        _sequencer = sequencer;
        _clock = clock;
        _streams = Load(storage);
        foreach (var stream in _streams.Values)
        {
            ObserveSequences(stream);
        }

        ReconcileAllAsync().AsTask().GetAwaiter().GetResult();
        foreach (var stream in _streams.Values)
        {
            if (stream.IsEnabled)
            {
                _sequencer.Reroute(stream.TableId, 0, _ => stream);
            }
        }
    }

    public IEnumerable<StreamDescriptor> All => _streams.Values;

    public StreamDescriptor? Find(ulong tableId, long createdMs) => _streams.GetValueOrDefault((tableId, createdMs));

    /// <summary>The stream an ARN names, looked up in the region of the request.</summary>
    public StreamDescriptor? Find(string region, StreamArn arn)
    {
        StreamDescriptor? found = null;
        foreach (var stream in _streams.Values)
        {
            if (string.Equals(stream.Region, region, StringComparison.Ordinal)
                && string.Equals(stream.Region, arn.Region, StringComparison.Ordinal)
                && string.Equals(stream.TableName, arn.TableName, StringComparison.Ordinal)
                && string.Equals(stream.Label, arn.Label, StringComparison.Ordinal)
                && (found is null || stream.TableId > found.TableId))
            {
                found = stream;
            }
        }

        return found;
    }

    /// <summary>Makes the streams of one table follow its catalog entry (see the class summary).</summary>
    public async ValueTask ReconcileAsync(string region, string tableName)
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            await ReconcileLockedAsync(region, tableName).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Reconciles every table that has or had a stream.</summary>
    public async ValueTask ReconcileAllAsync()
    {
        var names = new HashSet<(string, string)>();
        foreach (var stream in _streams.Values)
        {
            names.Add((stream.Region, stream.TableName));
        }

        foreach (var table in _tables.All)
        {
            if (table.Stream is not null)
            {
                names.Add((table.Region, table.Name));
            }
        }

        foreach (var (region, name) in names)
        {
            await ReconcileAsync(region, name).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Splits an open shard at <paramref name="splitHash"/> (the first hash of the upper child), as a
    /// partition split will: the parent closes, two children covering its hashes open, naming it as
    /// parent. Records of one item stay in order: the parent's ending number is taken atomically
    /// with the switch, and readers finish a parent only once the horizon passes its end.
    /// </summary>
    public async ValueTask<StreamDescriptor> SplitShardAsync(StreamDescriptor stream, string shardId, ulong splitHash)
    {
        ArgumentNullException.ThrowIfNull(stream);
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            var current = Find(stream.TableId, stream.CreatedMilliseconds);
            var parent = current?.FindShard(shardId);
            if (current is null || !current.IsEnabled || parent is null || !parent.IsOpen || splitHash <= parent.HashLow || splitHash > parent.HashHigh)
            {
                throw new InvalidOperationException($"Shard {shardId} cannot be split at {splitHash}");
            }

            StreamDescriptor? split = null;
            _sequencer.Reroute(current.TableId, Floor(), end =>
            {
                var shards = current.Shards.Select(s => s.Index == parent.Index ? s with { EndingSequence = end } : s).ToList();
                var start = end + 1;
                var low = shards.Count;
                shards.Add(new StreamShard(low, StreamDescriptor.ShardId(start, current.TableId, current.CreatedMilliseconds, low), parent.Index, parent.HashLow, splitHash - 1, start, null, 0));
                shards.Add(new StreamShard(low + 1, StreamDescriptor.ShardId(start, current.TableId, current.CreatedMilliseconds, low + 1), parent.Index, splitHash, parent.HashHigh, start, null, 0));
                split = current with { Shards = shards };
                return split;
            });
            _sequencer.Observe(split!.Shards[^1].StartingSequence);
            await PersistAsync([split], new WriteBatch()).ConfigureAwait(false);
            return split;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Records that a shard's records up to and including <paramref name="trimmedThrough"/> are
    /// being removed, then writes <paramref name="deletes"/> (those removals) with the new
    /// descriptor. The new trim point is published before the records go, so a reader that could
    /// miss them sees the trim point and reports TrimmedDataAccessException.
    /// </summary>
    public async ValueTask TrimAsync(StreamDescriptor stream, int shardIndex, ulong trimmedThrough, WriteBatch deletes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(deletes);
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (Find(stream.TableId, stream.CreatedMilliseconds) is not { } current)
            {
                return;
            }

            var shards = current.Shards
                .Select(s => s.Index == shardIndex ? s with { TrimmedThrough = Math.Max(s.TrimmedThrough, trimmedThrough) } : s)
                .ToList();
            await PersistAsync([current with { Shards = shards }], deletes).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Forgets a stream whose 24 hours after disabling are over (its records are already gone).</summary>
    public async ValueTask RemoveAsync(StreamDescriptor stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            var batch = new WriteBatch();
            batch.Delete(ColumnFamily.Meta, StreamDescriptorCodec.Key(stream));
            await _storage.WriteAsync(batch, _sync).ConfigureAwait(false);
            Publish(streams => streams.Remove((stream.TableId, stream.CreatedMilliseconds)));
        }
        finally
        {
            _lock.Release();
        }
    }

    private async ValueTask ReconcileLockedAsync(string region, string tableName)
    {
        var table = _tables.Find(region, tableName);
        var now = _clock.GetUtcNow();
        var changed = new List<StreamDescriptor>();
        foreach (var stream in _streams.Values)
        {
            if (!stream.IsEnabled || !string.Equals(stream.Region, region, StringComparison.Ordinal)
                || !string.Equals(stream.TableName, tableName, StringComparison.Ordinal))
            {
                continue;
            }

            var current = table is not null && table.Id == stream.TableId && table.Stream is { Enabled: true } enabled
                && string.Equals(enabled.Label, stream.Label, StringComparison.Ordinal);
            if (!current)
            {
                changed.Add(Close(stream, now));
            }
        }

        StreamDescriptor? created = null;
        if (table?.Stream is { Enabled: true } setting && Find(table.Id, setting.CreatedAt.ToUnixTimeMilliseconds()) is null)
        {
            var start = _sequencer.Allocate(Floor());
            created = new StreamDescriptor
            {
                Region = table.Region,
                TableName = table.Name,
                TableId = table.Id,
                Label = setting.Label,
                ViewType = setting.ViewType,
                CreatedAt = setting.CreatedAt,
                PartitionKey = table.PartitionKey,
                SortKey = table.SortKey,
                Shards =
                [
                    new StreamShard(
                        0,
                        StreamDescriptor.ShardId(start, table.Id, setting.CreatedAt.ToUnixTimeMilliseconds(), 0),
                        null,
                        0,
                        ulong.MaxValue,
                        start,
                        null,
                        0),
                ],
            };
            changed.Add(created);
        }

        if (changed.Count == 0)
        {
            return;
        }

        await PersistAsync(changed, new WriteBatch()).ConfigureAwait(false);
        if (created is not null)
        {
            _sequencer.Reroute(created.TableId, 0, _ => created);
        }
    }

    /// <summary>Stops routing writes to the stream and closes its open shards at a fresh sequence number.</summary>
    private StreamDescriptor Close(StreamDescriptor stream, DateTimeOffset now)
    {
        StreamDescriptor? closed = null;
        _sequencer.Reroute(stream.TableId, Floor(), end =>
        {
            var latest = Find(stream.TableId, stream.CreatedMilliseconds) ?? stream;
            closed = latest with
            {
                DisabledAt = now,
                Shards = latest.Shards.Select(s => s.IsOpen ? s with { EndingSequence = end } : s).ToList(),
            };
            return null;
        });
        return closed!;
    }

    private async ValueTask PersistAsync(IReadOnlyList<StreamDescriptor> streams, WriteBatch batch)
    {
        foreach (var stream in streams)
        {
            batch.Put(ColumnFamily.Meta, StreamDescriptorCodec.Key(stream), StreamDescriptorCodec.Encode(stream));
        }

        // Published first: a trim point must be visible before the records it covers disappear.
        Publish(all =>
        {
            foreach (var stream in streams)
            {
                all[(stream.TableId, stream.CreatedMilliseconds)] = stream;
            }
        });
        await _storage.WriteAsync(batch, _sync).ConfigureAwait(false);
    }

    private ulong Floor() => (ulong)_clock.GetUtcNow().ToUnixTimeMilliseconds() << 16;

    private void ObserveSequences(StreamDescriptor stream)
    {
        foreach (var shard in stream.Shards)
        {
            _sequencer.Observe(shard.StartingSequence);
            if (shard.EndingSequence is { } end)
            {
                _sequencer.Observe(end);
            }

            var prefix = StreamRecordKeys.ShardPrefix(stream.TableId, stream.CreatedMilliseconds, shard.Index);
            using var cursor = _storage.OpenCursor(ColumnFamily.Data, prefix, Items.KeyRanges.PrefixEnd(prefix), reverse: true);
            if (cursor.MoveNext())
            {
                _sequencer.Observe(StreamRecordKeys.SequenceOf(cursor.Key));
            }
        }
    }

    private void Publish(Action<Dictionary<(ulong, long), StreamDescriptor>> change)
    {
        var copy = new Dictionary<(ulong TableId, long CreatedMs), StreamDescriptor>(_streams);
        change(copy);
        _streams = copy;
    }

    private static Dictionary<(ulong TableId, long CreatedMs), StreamDescriptor> Load(IStorageEngine storage)
    {
        var streams = new Dictionary<(ulong TableId, long CreatedMs), StreamDescriptor>();
        var lower = System.Text.Encoding.UTF8.GetBytes(StreamDescriptorCodec.KeyPrefix);
        using var cursor = storage.OpenCursor(ColumnFamily.Meta, lower, Items.KeyRanges.PrefixEnd(lower), reverse: false);
        while (cursor.MoveNext())
        {
            var stream = StreamDescriptorCodec.Decode(cursor.Value);
            streams[(stream.TableId, stream.CreatedMilliseconds)] = stream;
        }

        return streams;
    }
}
