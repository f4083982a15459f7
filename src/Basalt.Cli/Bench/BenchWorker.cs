using System.Diagnostics;
using System.Net.Sockets;

namespace Basalt.Cli.Bench;

/// <summary>The measured window in <see cref="Stopwatch"/> timestamps: requests that start at or after
/// <see cref="From"/> and complete by <see cref="Until"/> count; none start after <see cref="Until"/>.</summary>
internal readonly record struct BenchWindow(long From, long Until)
{
    public bool Counts(long start) => start >= From && start < Until;
}

/// <summary>
/// One closed-loop client: issues a request, waits for its response, records it, repeats. The
/// transport drives it: <see cref="RunAsync"/> over an <see cref="HttpConnection"/>, or an
/// <see cref="EpollConnection"/> calling <see cref="NextRequest"/> and <see cref="Complete"/> on its
/// event-loop thread. Requests that start after the warm-up and complete before the deadline count.
/// </summary>
internal sealed class BenchWorker(
    BenchDataset dataset,
    Workload workload,
    KeyDistribution keys,
    KeyDistribution partitions,
    SignedRequestWriter writer,
    OperationStats?[] stats,
    BenchWindow window,
    ulong seed,
    long requestLimit = long.MaxValue)
{
    private static readonly long TicksPerMicrosecond = Stopwatch.Frequency / 1_000_000;
    private FastRandom _random = new(seed);
    private OperationKind _operation;
    private bool _bodySized;
    private long _issued;

    /// <summary>Sees every response (tests verify them); null in a benchmark.</summary>
    public ResponseObserver? Observer { get; init; }

    public BenchWindow Window => window;

    public ErrorTally Errors { get; } = new();

    /// <summary>Requests completed inside the measured window (successes and failures).</summary>
    public long Completed { get; private set; }

    public long Succeeded { get; private set; }

    /// <summary>Whether a request may start at <paramref name="now"/> (the window is open and the request limit not reached).</summary>
    public bool ShouldStart(long now) => now < window.Until && _issued < requestLimit;

    /// <summary>Encodes the next request (valid until the next call).</summary>
    public ReadOnlyMemory<byte> NextRequest()
    {
        if (!_bodySized)
        {
            writer.EnsureBodyCapacity(dataset.MaxBodySize);
            _bodySized = true;
        }

        _issued++;
        _operation = workload.Next(ref _random);
        var index = (_operation == OperationKind.Query ? partitions : keys).Next(ref _random);
        var length = dataset.WriteBody(_operation, index, writer.Body);
        return writer.Encode(BenchDataset.OperationName(_operation), length);
    }

    /// <summary>Records the response to the request of the last <see cref="NextRequest"/>, started at <paramref name="start"/>.</summary>
    public void Complete(long start, long end, int status, ReadOnlySpan<byte> body)
    {
        Observer?.Invoke(_operation, status, body);
        if (start < window.From || end > window.Until)
        {
            return;
        }

        Completed++;
        if (status == 200)
        {
            Succeeded++;
            stats[(int)_operation]!.Record((end - start) / TicksPerMicrosecond);
        }
        else
        {
            Errors.AddResponse(status, body);
        }
    }

    /// <summary>Records a request started at <paramref name="start"/> that failed with the connection.</summary>
    public void Fail(long start)
    {
        if (window.Counts(start))
        {
            Completed++;
            Errors.Add("ConnectionError");
        }
    }

    /// <summary>The async socket transport: runs the closed loop over <paramref name="connection"/> until the window ends.</summary>
    public async Task RunAsync(HttpConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        while (true)
        {
            var start = Stopwatch.GetTimestamp();
            if (!ShouldStart(start))
            {
                return;
            }

            var request = NextRequest();
            HttpExchange response;
            try
            {
                response = await connection.SendAsync(request, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception error) when (error is IOException or SocketException or InvalidDataException or ObjectDisposedException)
            {
                Fail(start);
                await Task.Delay(10).ConfigureAwait(false);
                continue;
            }

            Complete(start, Stopwatch.GetTimestamp(), response.Status, response.Body.Span);
        }
    }
}

/// <summary>Sees a response: its operation, status and body.</summary>
internal delegate void ResponseObserver(OperationKind operation, int status, ReadOnlySpan<byte> body);
