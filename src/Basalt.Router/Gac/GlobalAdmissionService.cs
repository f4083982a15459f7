using System.Collections.Concurrent;
using Basalt.Router.Admission;

namespace Basalt.Router.Gac;

/// <summary>
/// The GAC service: tracks, per table, what each router reports it consumed, and vends each router
/// its max-min fair share of the table's rate for the next period. For on-demand tables it also
/// follows the table-wide peak: the allowance is twice the previous peak (a new table starts as if
/// its peak were half of 4,000 WRU / 12,000 RRU), up to the per-table account quota. All state is
/// ephemeral, rebuilt from reports: a restarted service or router just asks again.
/// </summary>
public sealed class GlobalAdmissionService : IGlobalAdmission
{
    private readonly ConcurrentDictionary<ulong, GacTable> _tables = new();
    private readonly AdmissionOptions _options;
    private readonly TimeProvider _clock;

    public GlobalAdmissionService(AdmissionOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        _options = options;
        _clock = clock;
    }

    public ValueTask<CapacityGrant> RequestAsync(CapacityRequest request, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Grant(request));

    /// <summary>Records a router's report and returns its grant (what <see cref="RequestAsync"/> answers).</summary>
    public CapacityGrant Grant(CapacityRequest request)
    {
        ArgumentNullException.ThrowIfNull(request.RouterId);
        var now = _clock.GetTimestamp() / (double)_clock.TimestampFrequency;
        var table = _tables.GetOrAdd(request.TableId, static _ => new GacTable());
        return table.Grant(request, now, _options);
    }

    /// <summary>Drops a table's state (deleted table).</summary>
    public void Forget(ulong tableId) => _tables.TryRemove(tableId, out _);

    /// <summary>The table-wide peak consumption GAC has seen for an on-demand table, units per second.</summary>
    public double PeakOf(ulong tableId, CapacityKind kind) => _tables.TryGetValue(tableId, out var table) ? table.Peak(kind) : 0;
}
