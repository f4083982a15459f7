using System.Diagnostics;
using System.Text.Json;
using Basalt.Api.Protocol;
using Basalt.Router.Forwarding;
using Prometheus;

namespace Basalt.Api.Forwarding;

/// <summary>
/// The router's <c>/metrics</c>: requests and latency by operation, the route cache's hits, misses
/// and MemDS lookups, and the forwarder's calls, corrections, retries and failures.
/// </summary>
public sealed class RouterMetrics
{
    private readonly Counter _requests;
    private readonly Counter _errors;
    private readonly Histogram _latency;

    public RouterMetrics(CollectorRegistry registry, Forwarder forwarder)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(forwarder);
        var factory = Metrics.WithCustomRegistry(registry);
        _requests = factory.CreateCounter("basalt_router_requests_total", "Requests by operation.", "operation");
        _errors = factory.CreateCounter("basalt_router_request_errors_total", "Requests answered with an error, by operation.", "operation");
        _latency = factory.CreateHistogram("basalt_router_request_seconds", "Request latency at the router, by operation.", new HistogramConfiguration
        {
            LabelNames = ["operation"],
            Buckets = Histogram.ExponentialBuckets(0.0001, 2, 18),
        });
        var hits = factory.CreateCounter("basalt_router_route_cache_hits_total", "Requests routed from the cache.");
        var misses = factory.CreateCounter("basalt_router_route_cache_misses_total", "Requests that waited for MemDS.");
        var lookups = factory.CreateCounter("basalt_router_memds_lookups_total", "MemDS lookups sent (one per routed request).");
        var lookupFailures = factory.CreateCounter("basalt_router_memds_lookup_failures_total", "MemDS lookups that failed.");
        var calls = factory.CreateCounter("basalt_router_node_calls_total", "Calls to storage nodes.");
        var corrections = factory.CreateCounter("basalt_router_route_corrections_total", "Route corrections received from storage nodes.");
        var retries = factory.CreateCounter("basalt_router_retries_total", "Calls sent again after a correction, a failure or no leader.");
        var nodeFailures = factory.CreateCounter("basalt_router_node_failures_total", "Calls to storage nodes that failed at the transport.");
        var exhausted = factory.CreateCounter("basalt_router_retries_exhausted_total", "Requests given up after the retry budget.");
        registry.AddBeforeCollectCallback(() =>
        {
            var cache = forwarder.Routes.Counters;
            hits.IncTo(cache.Hits);
            misses.IncTo(cache.Misses);
            lookups.IncTo(cache.MemDsLookups);
            lookupFailures.IncTo(cache.MemDsLookupFailures);
            var f = forwarder.Counters;
            calls.IncTo(f.Calls);
            corrections.IncTo(f.Corrections);
            retries.IncTo(f.Retries);
            nodeFailures.IncTo(f.NodeFailures);
            exhausted.IncTo(f.Exhausted);
        });
    }

    /// <summary>The operations, each counted and timed.</summary>
    public IReadOnlyList<IOperation> Meter(IEnumerable<IOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        return [.. operations.Select(o => o is Streams.IStreamsOperation ? new MeteredStreams(o, this) : (IOperation)new Metered(o, this))];
    }

    private async ValueTask RunAsync(IOperation inner, RequestContext context, Utf8JsonWriter response)
    {
        var started = Stopwatch.GetTimestamp();
        _requests.WithLabels(inner.Name).Inc();
        try
        {
            await inner.ExecuteAsync(context, response).ConfigureAwait(false);
        }
        catch
        {
            _errors.WithLabels(inner.Name).Inc();
            throw;
        }
        finally
        {
            _latency.WithLabels(inner.Name).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    private sealed class Metered(IOperation inner, RouterMetrics metrics) : IOperation
    {
        public string Name => inner.Name;

        public ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response) => metrics.RunAsync(inner, context, response);
    }

    private sealed class MeteredStreams(IOperation inner, RouterMetrics metrics) : Streams.IStreamsOperation
    {
        public string Name => inner.Name;

        public ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response) => metrics.RunAsync(inner, context, response);
    }
}
