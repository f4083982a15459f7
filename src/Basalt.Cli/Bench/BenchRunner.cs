using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using HdrHistogram;

namespace Basalt.Cli.Bench;

/// <summary>Sets up the table, preloads it, runs the closed loop and gathers the result.</summary>
internal static class BenchRunner
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs a benchmark; returns null when there was nothing to measure (duration 0: preload only).</summary>
    public static async Task<BenchResult?> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endpoint = await ResolveAsync(options.Endpoint, cancellationToken).ConfigureAwait(false);
        var host = options.Endpoint.Authority;
        var dataset = new BenchDataset(options.Table, options.Items, options.ItemSize, options.ItemsPerPartition, options.ScanLimit, options.Seed);
        using (var control = new DynamoDbControlClient(endpoint, host, options))
        {
            await TableSetup.EnsureTableAsync(control, dataset, cancellationToken).ConfigureAwait(false);
        }

        if (!options.SkipPreload)
        {
            await Preloader.RunAsync(endpoint, host, options, dataset, cancellationToken).ConfigureAwait(false);
        }

        if (options.Duration <= TimeSpan.Zero)
        {
            return null;
        }

        return await MeasureAsync(options, endpoint, host, dataset).ConfigureAwait(false);
    }

    private static async Task<BenchResult> MeasureAsync(BenchOptions options, EndPoint endpoint, string host, BenchDataset dataset)
    {
        var workload = options.Workload;
        var keys = KeyDistribution.Create(options.Distribution, dataset.Items);
        var partitions = dataset.Partitions == dataset.Items ? keys : KeyDistribution.Create(options.Distribution, dataset.Partitions);
        var stats = new OperationStats?[Enum.GetValues<OperationKind>().Length];
        foreach (var operation in workload.Operations)
        {
            stats[(int)operation] = new OperationStats(operation);
        }

        var connections = new HttpConnection[options.Concurrency];
        var writers = new SignedRequestWriter[options.Concurrency];
        var workers = new BenchWorker[options.Concurrency];
        for (var i = 0; i < workers.Length; i++)
        {
            connections[i] = new HttpConnection(endpoint);
            writers[i] = new SignedRequestWriter(new SigV4Signer(options.AccessKey, options.SecretKey, options.Region), host, TimeProvider.System);
            workers[i] = new BenchWorker(dataset, workload, keys, partitions, connections[i], writers[i], stats, options.Seed * 7919 + (ulong)i);
        }

        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(options.Warmup.TotalSeconds * Stopwatch.Frequency);
        var until = measureFrom + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
        var tasks = new Task[workers.Length];
        for (var i = 0; i < workers.Length; i++)
        {
            var worker = workers[i];
            tasks[i] = Task.Run(() => worker.RunAsync(measureFrom, until));
        }

        await DelayUntilAsync(measureFrom).ConfigureAwait(false);
        var clientCpu0 = CpuUsage.Self();
        var allocated0 = GC.GetTotalAllocatedBytes(precise: false);
        var serverCpu0 = options.ServerPid is { } pid0 ? CpuUsage.OfProcess(pid0) : null;
        await DelayUntilAsync(until).ConfigureAwait(false);
        var clientCpu1 = CpuUsage.Self();
        var allocated1 = GC.GetTotalAllocatedBytes(precise: false);
        var serverCpu1 = options.ServerPid is { } pid1 ? CpuUsage.OfProcess(pid1) : null;

        var all = Task.WhenAll(tasks);
        if (await Task.WhenAny(all, Task.Delay(DrainTimeout)).ConfigureAwait(false) != all)
        {
            foreach (var connection in connections)
            {
                connection.Dispose();
            }
        }

        await all.ConfigureAwait(false);
        foreach (var connection in connections)
        {
            connection.Dispose();
        }

        foreach (var writer in writers)
        {
            writer.Dispose();
        }

        var result = Collect(options, workers, connections, stats, clientCpu1 - clientCpu0, serverCpu1 - serverCpu0);
        return result with { ClientAllocatedBytes = allocated1 - allocated0 };
    }

    private static BenchResult Collect(
        BenchOptions options, BenchWorker[] workers, HttpConnection[] connections, OperationStats?[] stats, TimeSpan clientCpu, TimeSpan? serverCpu)
    {
        var errors = new ErrorTally();
        long requests = 0;
        long succeeded = 0;
        foreach (var worker in workers)
        {
            errors.AddAll(worker.Errors);
            requests += worker.Completed;
            succeeded += worker.Succeeded;
        }

        var connects = 0;
        foreach (var connection in connections)
        {
            connects += connection.Connects;
        }

        var measured = options.Duration;
        var merged = new LongHistogram(1, OperationStats.MaxMicros, 3);
        var operations = new List<OperationResult>();
        foreach (var stat in stats)
        {
            if (stat is null)
            {
                continue;
            }

            merged.Add(stat.Latency);
            var name = System.Text.Encoding.ASCII.GetString(BenchDataset.OperationName(stat.Operation));
            operations.Add(new OperationResult(name, stat.Latency.TotalCount, stat.Latency.TotalCount / measured.TotalSeconds, LatencySummary.From(stat.Latency)));
        }

        return new BenchResult
        {
            Options = options,
            Measured = measured,
            Requests = requests,
            Succeeded = succeeded,
            Latency = LatencySummary.From(merged),
            Operations = operations,
            Errors = errors.Counts,
            ClientCpu = clientCpu,
            ServerCpu = serverCpu,
            Connects = connects,
        };
    }

    private static async Task DelayUntilAsync(long timestamp)
    {
        var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining).ConfigureAwait(false);
        }
    }

    private static async Task<EndPoint> ResolveAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        if (endpoint.Scheme != Uri.UriSchemeHttp)
        {
            throw new BenchException($"only http:// endpoints are supported, not {endpoint.Scheme}://");
        }

        if (IPAddress.TryParse(endpoint.IdnHost, out var address))
        {
            return new IPEndPoint(address, endpoint.Port);
        }

        var addresses = await Dns.GetHostAddressesAsync(endpoint.IdnHost, cancellationToken).ConfigureAwait(false);
        var chosen = Array.Find(addresses, a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? (addresses.Length > 0 ? addresses[0] : throw new BenchException($"cannot resolve {endpoint.IdnHost}"));
        return new IPEndPoint(chosen, endpoint.Port);
    }
}
