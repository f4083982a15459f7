using Prometheus;

namespace Basalt.Control.MemDs;

/// <summary>A MemDS process's counters (rates come from Prometheus: rate(basalt_memds_lookups_total[1m]) is lookups/s).</summary>
public sealed class MemDsMetrics
{
    public MemDsMetrics(IMetricFactory metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        Lookups = metrics.CreateCounter("basalt_memds_lookups_total", "Partition lookups answered (MemDs.Lookup)");
        TableLookups = metrics.CreateCounter("basalt_memds_table_lookups_total", "Table lookups answered (MemDs.Table)");
        MapVersion = metrics.CreateGauge("basalt_memds_map_version", "The partition map version this MemDS holds");
    }

    public Counter Lookups { get; }

    public Counter TableLookups { get; }

    public Gauge MapVersion { get; }
}
