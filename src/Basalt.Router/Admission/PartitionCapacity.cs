namespace Basalt.Router.Admission;

/// <summary>
/// The buckets of one partition (on the storage node that leads it): per kind of capacity a burst
/// bucket refilled at the partition's share of the table's rate and holding up to
/// <see cref="AdmissionOptions.BurstSeconds"/> of it (a new partition starts full), and a hard-cap
/// bucket at 3,000 RCU / 1,000 WCU per second that no request may exceed.
/// </summary>
public sealed class PartitionCapacity
{
    internal PartitionCapacity(int index, double readShare, double writeShare, AdmissionOptions options, double now)
    {
        Index = index;
        Read = new PartitionLane(CapacityKind.Read, readShare, options, now);
        Write = new PartitionLane(CapacityKind.Write, writeShare, options, now);
    }

    /// <summary>The partition's position among the table's partitions (its key range, in hash order).</summary>
    public int Index { get; }

    public PartitionLane Read { get; }

    public PartitionLane Write { get; }

    public PartitionLane Lane(CapacityKind kind) => kind == CapacityKind.Read ? Read : Write;
}

/// <summary>One kind of capacity of one partition: its burst and hard-cap buckets and its counters.</summary>
public sealed class PartitionLane
{
    private long _consumedMilli;
    private long _throttled;

    internal PartitionLane(CapacityKind kind, double share, AdmissionOptions options, double now)
    {
        var burst = BurstCapacity(share, options);
        Burst = new TokenBucket(PositiveRate(share), burst, burst, now);
        var cap = options.PartitionMax(kind);
        var capacity = cap * options.PartitionCapSeconds;
        Cap = new TokenBucket(cap, capacity, capacity, now);
    }

    /// <summary>Unused share banked for bursts (refilled at the partition's share, all consumption debits it).</summary>
    public TokenBucket Burst { get; }

    /// <summary>The hard per-partition cap.</summary>
    public TokenBucket Cap { get; }

    /// <summary>Units consumed on this partition since it was created.</summary>
    public double ConsumedUnits => Interlocked.Read(ref _consumedMilli) / 1000.0;

    /// <summary>Requests throttled on this partition since it was created.</summary>
    public long ThrottledRequests => Interlocked.Read(ref _throttled);

    internal void AddConsumed(double units) => Interlocked.Add(ref _consumedMilli, (long)Math.Round(units * 1000));

    internal void AddThrottled() => Interlocked.Increment(ref _throttled);

    internal void Reshare(double share, AdmissionOptions options, double now) =>
        Burst.Reshape(now, PositiveRate(share), BurstCapacity(share, options));

    private static double PositiveRate(double share) => Math.Max(share, 1e-6);

    private static double BurstCapacity(double share, AdmissionOptions options) => Math.Max(share * options.BurstSeconds, 1e-6);
}
