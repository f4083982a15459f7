namespace Basalt.Cli.Bench;

/// <summary>The request kinds the load generator issues; each has its own latency histogram.</summary>
internal enum OperationKind
{
    Put,
    Get,
    Update,
    Query,
    Scan,
}

/// <summary>
/// A named workload: which operations, in what proportion. The YCSB core workloads map onto
/// DynamoDB as A = 50% GetItem / 50% UpdateItem, B = 95% / 5%, C = 100% GetItem.
/// </summary>
internal sealed class Workload
{
    private readonly OperationKind _primary;
    private readonly OperationKind _secondary;
    private readonly double _primaryShare;

    private Workload(string name, OperationKind primary, OperationKind secondary, double primaryShare)
    {
        Name = name;
        _primary = primary;
        _secondary = secondary;
        _primaryShare = primaryShare;
    }

    public static IReadOnlyList<string> Names { get; } = ["put", "get", "update", "query", "scan", "ycsb-a", "ycsb-b", "ycsb-c"];

    public string Name { get; }

    /// <summary>The operations this workload issues (one or two).</summary>
    public IReadOnlyList<OperationKind> Operations => _primaryShare >= 1 ? [_primary] : [_primary, _secondary];

    /// <summary>The share of requests of <paramref name="operation"/> (0 to 1).</summary>
    public double Share(OperationKind operation) =>
        operation == _primary ? _primaryShare : operation == _secondary && _primaryShare < 1 ? 1 - _primaryShare : 0;

    public static Workload Parse(string name) => name.ToUpperInvariant() switch
    {
        "PUT" => new Workload("put", OperationKind.Put, OperationKind.Put, 1),
        "GET" => new Workload("get", OperationKind.Get, OperationKind.Get, 1),
        "UPDATE" => new Workload("update", OperationKind.Update, OperationKind.Update, 1),
        "QUERY" => new Workload("query", OperationKind.Query, OperationKind.Query, 1),
        "SCAN" => new Workload("scan", OperationKind.Scan, OperationKind.Scan, 1),
        "YCSB-A" => new Workload("ycsb-a", OperationKind.Get, OperationKind.Update, 0.5),
        "YCSB-B" => new Workload("ycsb-b", OperationKind.Get, OperationKind.Update, 0.95),
        "YCSB-C" => new Workload("ycsb-c", OperationKind.Get, OperationKind.Get, 1),
        _ => throw new ArgumentException($"unknown workload '{name}'; expected one of {string.Join(", ", Names)}", nameof(name)),
    };

    public OperationKind Next(ref FastRandom random) =>
        _primaryShare >= 1 || random.NextDouble() < _primaryShare ? _primary : _secondary;
}
