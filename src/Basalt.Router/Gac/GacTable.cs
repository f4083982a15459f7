using Basalt.Router.Admission;

namespace Basalt.Router.Gac;

/// <summary>GAC's ephemeral state of one table: its configuration as last reported, its on-demand peak, each router's demand.</summary>
internal sealed class GacTable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, RouterDemand> _routers = new(StringComparer.Ordinal);
    private readonly double[] _peak = new double[2];
    private CapacityMode? _mode;
    private double _readUnits;
    private double _writeUnits;

    public double Peak(CapacityKind kind)
    {
        lock (_lock)
        {
            return _peak[(int)kind];
        }
    }

    public CapacityGrant Grant(CapacityRequest request, double now, AdmissionOptions options)
    {
        lock (_lock)
        {
            Configure(request);
            var router = Record(request, now);
            Expire(now - options.GacRouterTimeout.TotalSeconds);
            var readTotal = Allowance(CapacityKind.Read, options);
            var writeTotal = Allowance(CapacityKind.Write, options);
            return new CapacityGrant(
                ShareOf(router, CapacityKind.Read, readTotal),
                ShareOf(router, CapacityKind.Write, writeTotal),
                readTotal,
                writeTotal);
        }
    }

    private void Configure(CapacityRequest request)
    {
        if (_mode == request.Mode && _readUnits == request.ReadUnits && _writeUnits == request.WriteUnits)
        {
            return;
        }

        if (request.Mode == CapacityMode.OnDemand)
        {
            // Switching to on-demand (or a first report): the previous peak starts at the floor the router gives.
            var wasOnDemand = _mode == CapacityMode.OnDemand;
            _peak[0] = wasOnDemand ? Math.Max(_peak[0], request.ReadUnits) : request.ReadUnits;
            _peak[1] = wasOnDemand ? Math.Max(_peak[1], request.WriteUnits) : request.WriteUnits;
        }

        _mode = request.Mode;
        _readUnits = request.ReadUnits;
        _writeUnits = request.WriteUnits;
    }

    private RouterDemand Record(CapacityRequest request, double now)
    {
        if (!_routers.TryGetValue(request.RouterId, out var router))
        {
            router = new RouterDemand();
            _routers[request.RouterId] = router;
        }

        router.LastSeen = now;
        if (request.ElapsedSeconds > 0)
        {
            router.Known = true;
            router.Consumed[0] = request.ConsumedRead / request.ElapsedSeconds;
            router.Consumed[1] = request.ConsumedWrite / request.ElapsedSeconds;
            router.Demand[0] = (request.ConsumedRead + request.ThrottledRead) / request.ElapsedSeconds;
            router.Demand[1] = (request.ConsumedWrite + request.ThrottledWrite) / request.ElapsedSeconds;
        }

        if (_mode == CapacityMode.OnDemand)
        {
            for (var kind = 0; kind < 2; kind++)
            {
                var tableRate = 0.0;
                foreach (var other in _routers.Values)
                {
                    tableRate += other.Consumed[kind];
                }

                _peak[kind] = Math.Max(_peak[kind], tableRate);
            }
        }

        return router;
    }

    private void Expire(double cutoff)
    {
        List<string>? stale = null;
        foreach (var (id, router) in _routers)
        {
            if (router.LastSeen < cutoff)
            {
                (stale ??= []).Add(id);
            }
        }

        if (stale is not null)
        {
            foreach (var id in stale)
            {
                _routers.Remove(id);
            }
        }
    }

    private double Allowance(CapacityKind kind, AdmissionOptions options) => _mode == CapacityMode.OnDemand
        ? Math.Min(2 * _peak[(int)kind], options.OnDemandTableMax(kind))
        : kind == CapacityKind.Read ? _readUnits : _writeUnits;

    private double ShareOf(RouterDemand router, CapacityKind kind, double total)
    {
        var count = _routers.Count;
        if (count == 1)
        {
            return total;
        }

        Span<double> demands = count <= 32 ? stackalloc double[count] : new double[count];
        Span<double> shares = count <= 32 ? stackalloc double[count] : new double[count];
        var index = 0;
        var mine = 0;
        foreach (var other in _routers.Values)
        {
            if (ReferenceEquals(other, router))
            {
                mine = index;
            }

            // A router that has not reported a period yet wants at least an equal share.
            demands[index++] = other.Known ? other.Demand[(int)kind] : double.PositiveInfinity;
        }

        FairShare.Allocate(total, demands, shares);
        return shares[mine];
    }

    private sealed class RouterDemand
    {
        public double LastSeen { get; set; }

        public bool Known { get; set; }

        public double[] Consumed { get; } = new double[2];

        public double[] Demand { get; } = new double[2];
    }
}
