using System.Diagnostics;
using System.Net.Sockets;

namespace Basalt.Cli.Bench;

/// <summary>
/// One closed-loop client: issues a request, waits for its response, records it, repeats, over its
/// own connection. Requests that start after the warm-up and complete before the deadline count.
/// </summary>
internal sealed class BenchWorker(
    BenchDataset dataset,
    Workload workload,
    KeyDistribution keys,
    KeyDistribution partitions,
    HttpConnection connection,
    SignedRequestWriter writer,
    OperationStats?[] stats,
    ulong seed)
{
    private static readonly long TicksPerMicrosecond = Stopwatch.Frequency / 1_000_000;

    public ErrorTally Errors { get; } = new();

    /// <summary>Requests completed inside the measured window (successes and failures).</summary>
    public long Completed { get; private set; }

    public long Succeeded { get; private set; }

    public async Task RunAsync(long measureFrom, long until)
    {
        var random = new FastRandom(seed);
        writer.EnsureBodyCapacity(dataset.MaxBodySize);
        while (true)
        {
            var start = Stopwatch.GetTimestamp();
            if (start >= until)
            {
                return;
            }

            var operation = workload.Next(ref random);
            var index = (operation == OperationKind.Query ? partitions : keys).Next(ref random);
            var length = dataset.WriteBody(operation, index, writer.Body);
            var request = writer.Encode(BenchDataset.OperationName(operation), length);
            HttpExchange response;
            try
            {
                response = await connection.SendAsync(request, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception error) when (error is IOException or SocketException or InvalidDataException or ObjectDisposedException)
            {
                if (start >= measureFrom && start < until)
                {
                    Completed++;
                    Errors.Add("ConnectionError");
                }

                await Task.Delay(10).ConfigureAwait(false);
                continue;
            }

            var end = Stopwatch.GetTimestamp();
            if (start < measureFrom || end > until)
            {
                continue;
            }

            Completed++;
            if (response.Status == 200)
            {
                Succeeded++;
                stats[(int)operation]!.Record((end - start) / TicksPerMicrosecond);
            }
            else
            {
                Errors.AddResponse(response.Status, response.Body.Span);
            }
        }
    }
}
