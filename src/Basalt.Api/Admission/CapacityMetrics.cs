using System.Globalization;
using Basalt.Router.Admission;
using Prometheus;

namespace Basalt.Api.Admission;

/// <summary>
/// Exports admission state on /metrics, read at scrape time (nothing on the request path): per
/// table and per partition the capacity consumed, the requests throttled and the burst balance,
/// per table the current capacity, and the node's spare capacity.
/// </summary>
public sealed class CapacityMetrics
{
    private static readonly string[] TableLabels = ["region", "table", "kind"];
    private static readonly string[] PartitionLabels = ["region", "table", "partition", "kind"];

    private readonly RequestAdmission _admission;
    private readonly Counter _tableConsumed;
    private readonly Counter _tableThrottled;
    private readonly Gauge _tableCapacity;
    private readonly Counter _partitionConsumed;
    private readonly Counter _partitionThrottled;
    private readonly Gauge _burstBalance;
    private readonly Gauge _nodeBalance;
    private readonly HashSet<string[]> _tableSeries = new(SeriesComparer.Instance);
    private readonly HashSet<string[]> _partitionSeries = new(SeriesComparer.Instance);

    public CapacityMetrics(CollectorRegistry registry, RequestAdmission admission)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(admission);
        _admission = admission;
        var factory = Metrics.WithCustomRegistry(registry);
        _tableConsumed = factory.CreateCounter("basalt_table_consumed_capacity_units_total", "Capacity units consumed by a table.", TableLabels);
        _tableThrottled = factory.CreateCounter("basalt_table_throttled_requests_total", "Requests on a table throttled by admission control.", TableLabels);
        _tableCapacity = factory.CreateGauge("basalt_table_capacity_units", "A table's capacity now, units per second: provisioned, or the on-demand allowance.", TableLabels);
        _partitionConsumed = factory.CreateCounter("basalt_partition_consumed_capacity_units_total", "Capacity units consumed on a partition.", PartitionLabels);
        _partitionThrottled = factory.CreateCounter("basalt_partition_throttled_requests_total", "Requests throttled on a partition (hard cap or its table's limit).", PartitionLabels);
        _burstBalance = factory.CreateGauge("basalt_partition_burst_balance_units", "Unused capacity a partition has banked for bursts (negative: owed).", PartitionLabels);
        _nodeBalance = factory.CreateGauge("basalt_node_capacity_balance_units", "Spare capacity in the storage node's bucket.", ["kind"]);
        registry.AddBeforeCollectCallback(Collect);
    }

    private void Collect()
    {
        _admission.ForgetDroppedTables();
        var controller = _admission.Controller;
        var now = controller.Now;
        var tableSeries = new HashSet<string[]>(SeriesComparer.Instance);
        var partitionSeries = new HashSet<string[]>(SeriesComparer.Instance);
        foreach (var table in controller.Tables)
        {
            foreach (var kind in Kinds)
            {
                var kindName = Name(kind);
                string[] labels = [table.Region, table.Name, kindName];
                tableSeries.Add(labels);
                var lane = table.Lane(kind);
                _tableConsumed.WithLabels(labels).IncTo(lane.ConsumedUnits);
                _tableThrottled.WithLabels(labels).IncTo(lane.ThrottledRequests);
                _tableCapacity.WithLabels(labels).Set(lane.Allowance);
                foreach (var partition in table.Partitions)
                {
                    string[] partitionLabels = [table.Region, table.Name, partition.Index.ToString(CultureInfo.InvariantCulture), kindName];
                    partitionSeries.Add(partitionLabels);
                    var partitionLane = partition.Lane(kind);
                    _partitionConsumed.WithLabels(partitionLabels).IncTo(partitionLane.ConsumedUnits);
                    _partitionThrottled.WithLabels(partitionLabels).IncTo(partitionLane.ThrottledRequests);
                    _burstBalance.WithLabels(partitionLabels).Set(table.Mode == CapacityMode.Provisioned ? partitionLane.Burst.Balance(now) : 0);
                }
            }
        }

        foreach (var kind in Kinds)
        {
            _nodeBalance.WithLabels(Name(kind)).Set(controller.Node.Lane(kind).Balance(now));
        }

        Retire(_tableSeries, tableSeries, labels =>
        {
            _tableConsumed.RemoveLabelled(labels);
            _tableThrottled.RemoveLabelled(labels);
            _tableCapacity.RemoveLabelled(labels);
        });
        Retire(_partitionSeries, partitionSeries, labels =>
        {
            _partitionConsumed.RemoveLabelled(labels);
            _partitionThrottled.RemoveLabelled(labels);
            _burstBalance.RemoveLabelled(labels);
        });
    }

    private static readonly CapacityKind[] Kinds = [CapacityKind.Read, CapacityKind.Write];

    private static string Name(CapacityKind kind) => kind == CapacityKind.Read ? "read" : "write";

    /// <summary>Removes the series of dropped tables (and of partitions replaced by a split).</summary>
    private static void Retire(HashSet<string[]> published, HashSet<string[]> current, Action<string[]> remove)
    {
        foreach (var labels in published)
        {
            if (!current.Contains(labels))
            {
                remove(labels);
            }
        }

        published.Clear();
        published.UnionWith(current);
    }

    private sealed class SeriesComparer : IEqualityComparer<string[]>
    {
        public static readonly SeriesComparer Instance = new();

        public bool Equals(string[]? x, string[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(string[] obj)
        {
            var hash = default(HashCode);
            foreach (var value in obj)
            {
                hash.Add(value, StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }
    }
}
