namespace Basalt.Router.Admission;

/// <summary>
/// One kind of capacity of one table at this router: the table-level bucket (refilled at the rate
/// GAC granted this router), the table-wide allowance the grant is a share of, and the counters
/// reported to GAC and exported as metrics.
/// </summary>
public sealed class TableLane
{
    private long _consumedMilli;
    private long _throttled;
    private long _reportConsumedMilli;
    private long _reportThrottledMilli;
    private double _allowance;
    private double _granted;

    internal TableLane(double allowance, CapacityMode mode, AdmissionOptions options, double now)
    {
        _allowance = allowance;
        _granted = allowance;
        var rate = GateRate(allowance);
        var capacity = GateCapacity(allowance, mode, options);
        Gate = new TokenBucket(rate, capacity, capacity, now);
    }

    /// <summary>The router's table-level bucket.</summary>
    public TokenBucket Gate { get; }

    /// <summary>The table-wide rate (provisioned units, or the on-demand allowance), units per second.</summary>
    public double Allowance => Volatile.Read(ref _allowance);

    /// <summary>This router's share of <see cref="Allowance"/> as GAC last granted it.</summary>
    public double Granted => Volatile.Read(ref _granted);

    /// <summary>Units consumed on the table through this router.</summary>
    public double ConsumedUnits => Interlocked.Read(ref _consumedMilli) / 1000.0;

    /// <summary>Requests throttled on the table at this router.</summary>
    public long ThrottledRequests => Interlocked.Read(ref _throttled);

    internal void AddConsumed(double units)
    {
        var milli = (long)Math.Round(units * 1000);
        Interlocked.Add(ref _consumedMilli, milli);
        Interlocked.Add(ref _reportConsumedMilli, milli);
    }

    /// <summary>Counts a throttled request; GAC sees it as one unit of unmet demand.</summary>
    internal void AddThrottled()
    {
        Interlocked.Increment(ref _throttled);
        Interlocked.Add(ref _reportThrottledMilli, 1000);
    }

    /// <summary>Consumed and throttled units since the previous report, resetting both.</summary>
    internal (double Consumed, double Throttled) TakeReport() =>
        (Interlocked.Exchange(ref _reportConsumedMilli, 0) / 1000.0, Interlocked.Exchange(ref _reportThrottledMilli, 0) / 1000.0);

    /// <summary>Applies a table-wide allowance and this router's share of it.</summary>
    internal void Apply(double allowance, double granted, CapacityMode mode, AdmissionOptions options, double now)
    {
        Volatile.Write(ref _allowance, allowance);
        Volatile.Write(ref _granted, granted);
        Gate.Reshape(now, GateRate(granted), GateCapacity(granted, mode, options));
    }

    private static double GateRate(double granted) => Math.Max(granted, 1e-6);

    private static double GateCapacity(double granted, CapacityMode mode, AdmissionOptions options) =>
        Math.Max(granted * (mode == CapacityMode.OnDemand ? options.OnDemandTableBucketSeconds : options.TableBucketSeconds), 1);
}
