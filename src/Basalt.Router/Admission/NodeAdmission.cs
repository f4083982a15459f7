using System.Collections.Concurrent;

namespace Basalt.Router.Admission;

/// <summary>
/// The storage node's side of admission control: the node's own buckets and the buckets of every
/// partition it hosts, keyed by (table, partition). Routers admitting requests for those
/// partitions share this state; in the embedded server one router and one node share a process.
/// Time is seconds on the node's clock since it started.
/// </summary>
public sealed class NodeAdmission
{
    private readonly ConcurrentDictionary<PartitionKey, PartitionCapacity> _partitions = new();
    private readonly TimeProvider _clock;
    private readonly long _origin;
    private readonly double _secondsPerTick;

    public NodeAdmission(AdmissionOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        Options = options;
        _clock = clock;
        _origin = clock.GetTimestamp();
        _secondsPerTick = 1.0 / clock.TimestampFrequency;
        Capacity = new NodeCapacity(options, Now);
    }

    public AdmissionOptions Options { get; }

    /// <summary>Seconds since this node started, on its clock.</summary>
    public double Now => (_clock.GetTimestamp() - _origin) * _secondsPerTick;

    /// <summary>The node-level buckets.</summary>
    public NodeCapacity Capacity { get; }

    /// <summary>
    /// The partitions of a table laid out in <paramref name="count"/> equal hash ranges, created on
    /// first use with full burst buckets at the given shares.
    /// </summary>
    public PartitionCapacity[] Partitions(ulong tableId, int count, double readShare, double writeShare)
    {
        var partitions = new PartitionCapacity[count];
        var now = Now;
        for (var i = 0; i < count; i++)
        {
            partitions[i] = _partitions.GetOrAdd(
                new PartitionKey(tableId, count, i),
                static (key, state) => new PartitionCapacity(key.Index, state.Read, state.Write, state.Options, state.Now),
                (Read: readShare, Write: writeShare, Options, Now: now));
        }

        return partitions;
    }

    /// <summary>Drops a table's partitions (deleted table).</summary>
    public void Forget(ulong tableId)
    {
        foreach (var key in _partitions.Keys)
        {
            if (key.TableId == tableId)
            {
                _partitions.TryRemove(key, out _);
            }
        }
    }

    /// <summary>A partition's identity: its table and its range in a layout of <see cref="Count"/> ranges.</summary>
    private readonly record struct PartitionKey(ulong TableId, int Count, int Index);
}
