namespace Basalt.Router.Admission;

/// <summary>The limits and periods of admission control; the defaults are DynamoDB's.</summary>
public sealed record AdmissionOptions
{
    /// <summary>
    /// Whether requests are admission-controlled at all. Off, nothing is throttled and no capacity
    /// is metered (raw engine benchmarks); DynamoDB has no such switch.
    /// </summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Unused capacity a partition banks for bursts, in seconds of its share (DynamoDB: 300).</summary>
    public double BurstSeconds { get; init; } = 300;

    /// <summary>Hard per-partition read cap, in RCU per second (DynamoDB: 3,000).</summary>
    public double PartitionMaxReadUnits { get; init; } = 3000;

    /// <summary>Hard per-partition write cap, in WCU per second (DynamoDB: 1,000).</summary>
    public double PartitionMaxWriteUnits { get; init; } = 1000;

    /// <summary>
    /// How many seconds of the hard cap a partition may use at once: the sustained rate never
    /// exceeds the cap, but a spike of a few large items (say a dozen 400 KB writes) is absorbed.
    /// </summary>
    public double PartitionCapSeconds { get; init; } = 5;

    /// <summary>Seconds of its granted rate a router's bucket of a provisioned table holds (bursts beyond come from the partitions' banks).</summary>
    public double TableBucketSeconds { get; init; } = 1;

    /// <summary>Seconds of its granted rate a router's bucket of an on-demand table holds, to absorb spikes of a few seconds.</summary>
    public double OnDemandTableBucketSeconds { get; init; } = 5;

    /// <summary>Read units per second a storage node serves; bursts need spare node capacity.</summary>
    public double NodeReadUnits { get; init; } = 30000;

    /// <summary>Write units per second a storage node serves; bursts need spare node capacity.</summary>
    public double NodeWriteUnits { get; init; } = 10000;

    /// <summary>Seconds of its rate the node bucket holds.</summary>
    public double NodeBucketSeconds { get; init; } = 1;

    /// <summary>How often a router reports consumption to GAC and gets its table buckets refilled ("every few seconds").</summary>
    public TimeSpan GacRefreshInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A router that has not reported for this long no longer counts for GAC's shares.</summary>
    public TimeSpan GacRouterTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Read request units per second a new on-demand table serves at once (DynamoDB: 12,000).</summary>
    public double OnDemandInitialReadUnits { get; init; } = 12000;

    /// <summary>Write request units per second a new on-demand table serves at once (DynamoDB: 4,000).</summary>
    public double OnDemandInitialWriteUnits { get; init; } = 4000;

    /// <summary>Per-table read quota of the account for on-demand tables (DynamoDB: 40,000 RRU/s).</summary>
    public double OnDemandTableMaxReadUnits { get; init; } = 40000;

    /// <summary>Per-table write quota of the account for on-demand tables (DynamoDB: 40,000 WRU/s).</summary>
    public double OnDemandTableMaxWriteUnits { get; init; } = 40000;

    internal double PartitionMax(CapacityKind kind) => kind == CapacityKind.Read ? PartitionMaxReadUnits : PartitionMaxWriteUnits;

    internal double NodeUnits(CapacityKind kind) => kind == CapacityKind.Read ? NodeReadUnits : NodeWriteUnits;

    internal double OnDemandInitial(CapacityKind kind) => kind == CapacityKind.Read ? OnDemandInitialReadUnits : OnDemandInitialWriteUnits;

    internal double OnDemandTableMax(CapacityKind kind) => kind == CapacityKind.Read ? OnDemandTableMaxReadUnits : OnDemandTableMaxWriteUnits;
}
