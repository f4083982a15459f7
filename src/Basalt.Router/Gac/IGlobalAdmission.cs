using Basalt.Router.Admission;

namespace Basalt.Router.Gac;

/// <summary>
/// Global admission control as a router sees it: every few seconds the router reports what a
/// table consumed through it and gets back its share of the table's capacity for the next period.
/// In the embedded server the service is in the same process; in a cluster it is a remote call.
/// </summary>
public interface IGlobalAdmission
{
    ValueTask<CapacityGrant> RequestAsync(CapacityRequest request, CancellationToken cancellationToken = default);
}

/// <summary>
/// A router's report for one table. <see cref="ReadUnits"/>/<see cref="WriteUnits"/> are the
/// provisioned rates, or for an on-demand table the previous peak it starts from; consumed and
/// throttled amounts are totals since the router's previous report, <see cref="ElapsedSeconds"/> ago
/// (zero on a router's first report).
/// </summary>
public readonly record struct CapacityRequest(
    ulong TableId,
    string RouterId,
    CapacityMode Mode,
    double ReadUnits,
    double WriteUnits,
    double ConsumedRead,
    double ConsumedWrite,
    double ThrottledRead,
    double ThrottledWrite,
    double ElapsedSeconds);

/// <summary>
/// GAC's answer: the router's rates until its next report, and the table-wide rates they are
/// shares of (the provisioned rate, or an on-demand table's current allowance).
/// </summary>
public readonly record struct CapacityGrant(double ReadRate, double WriteRate, double TableReadRate, double TableWriteRate)
{
    public double Rate(CapacityKind kind) => kind == CapacityKind.Read ? ReadRate : WriteRate;

    public double TableRate(CapacityKind kind) => kind == CapacityKind.Read ? TableReadRate : TableWriteRate;
}
