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

        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(options.Warmup.TotalSeconds * Stopwatch.Frequency);
        var window = new BenchWindow(measureFrom, measureFrom + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency));
        var writers = new SignedRequestWriter[options.Concurrency];
        var workers = new BenchWorker[options.Concurrency];
        for (var i = 0; i < workers.Length; i++)
        {
            writers[i] = new SignedRequestWriter(new SigV4Signer(options.AccessKey, options.SecretKey, options.Region), host, TimeProvider.System);
            workers[i] = new BenchWorker(dataset, workload, keys, partitions, writers[i], stats, window, options.Seed * 7919 + (ulong)i, options.RequestsPerConnection ?? long.MaxValue);
        }

        var run = options.Transport == BenchTransport.Epoll
            ? RunEpoll(options, endpoint, workers, window)
            : RunSockets(endpoint, workers);

        await DelayUntilAsync(window.From).ConfigureAwait(false);
        var clientCpu0 = CpuUsage.Self();
        var allocated0 = GC.GetTotalAllocatedBytes(precise: false);
        var serverCpu0 = options.ServerPid is { } pid0 ? CpuUsage.OfProcess(pid0) : null;
        await Task.WhenAny(run, DelayUntilAsync(window.Until)).ConfigureAwait(false);
        var clientCpu1 = CpuUsage.Self();
        var allocated1 = GC.GetTotalAllocatedBytes(precise: false);
        var serverCpu1 = options.ServerPid is { } pid1 ? CpuUsage.OfProcess(pid1) : null;

        var connects = await run.ConfigureAwait(false);
        foreach (var writer in writers)
        {
            writer.Dispose();
        }

        var result = Collect(options, workers, connects, stats, clientCpu1 - clientCpu0, serverCpu1 - serverCpu0);
        return result with { ClientAllocatedBytes = allocated1 - allocated0 };
    }

    /// <summary>The epoll transport: connections spread over <see cref="BenchOptions.Loops"/> event-loop threads; returns the connects.</summary>
    private static async Task<int> RunEpoll(BenchOptions options, EndPoint endpoint, BenchWorker[] workers, BenchWindow window)
    {
        var loops = Math.Clamp(options.Loops, 1, workers.Length);
        var connections = new EpollConnection[workers.Length];
        var shares = new List<EpollConnection>[loops];
        for (var i = 0; i < loops; i++)
        {
            shares[i] = [];
        }

        for (var i = 0; i < workers.Length; i++)
        {
            connections[i] = new EpollConnection(endpoint, workers[i]);
            shares[i % loops].Add(connections[i]);
        }

        var drainDeadline = window.Until + (long)(DrainTimeout.TotalSeconds * Stopwatch.Frequency);
        var threads = new Task[loops];
        for (var i = 0; i < loops; i++)
        {
            threads[i] = new EpollLoop(shares[i], drainDeadline).StartThread("bench-loop-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await Task.WhenAll(threads).ConfigureAwait(false);
        return connections.Sum(c => c.Connects);
    }

    /// <summary>The async socket transport: one closed loop per connection on the thread pool; returns the connects.</summary>
    private static async Task<int> RunSockets(EndPoint endpoint, BenchWorker[] workers)
    {
        await Task.Yield();
        var connections = new HttpConnection[workers.Length];
        var tasks = new Task[workers.Length];
        for (var i = 0; i < workers.Length; i++)
        {
            var connection = connections[i] = new HttpConnection(endpoint);
            var worker = workers[i];
            tasks[i] = Task.Run(() => worker.RunAsync(connection));
        }

        var all = Task.WhenAll(tasks);
        var untilDrain = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), workers[0].Window.Until) + DrainTimeout;
        if (await Task.WhenAny(all, Task.Delay(untilDrain > TimeSpan.Zero ? untilDrain : TimeSpan.Zero)).ConfigureAwait(false) != all)
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

        return connections.Sum(c => c.Connects);
    }

    private static BenchResult Collect(
        BenchOptions options, BenchWorker[] workers, int connects, OperationStats?[] stats, TimeSpan clientCpu, TimeSpan? serverCpu)
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
