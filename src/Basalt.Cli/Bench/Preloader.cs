using System.Net;
using Spectre.Console;

namespace Basalt.Cli.Bench;

/// <summary>
/// Writes every item of the dataset with BatchWriteItem (25 items per batch, several connections in
/// parallel), retrying unprocessed or throttled batches, behind a progress bar.
/// </summary>
internal static class Preloader
{
    public const int BatchSize = 25;
    private const int MaxAttempts = 20;

    public static async Task RunAsync(EndPoint endpoint, string hostHeader, BenchOptions options, BenchDataset dataset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dataset);
        var batches = (dataset.Items + BatchSize - 1) / BatchSize;
        var loaders = (int)Math.Min(Math.Clamp(options.Concurrency, 1, 16), batches);
        long nextBatch = -1;
        long written = 0;

        async Task LoadAsync()
        {
            using var client = new DynamoDbControlClient(endpoint, hostHeader, options);
            client.Writer.EnsureBodyCapacity(dataset.BatchBodySize(BatchSize));
            while (true)
            {
                var batch = Interlocked.Increment(ref nextBatch);
                if (batch >= batches)
                {
                    return;
                }

                var first = batch * BatchSize;
                var count = (int)Math.Min(BatchSize, dataset.Items - first);
                await WriteBatchAsync(client, dataset, first, count, cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref written, count);
            }
        }

        var work = new Task[loaders];
        for (var i = 0; i < loaders; i++)
        {
            work[i] = Task.Run(LoadAsync, cancellationToken);
        }

        var all = Task.WhenAll(work);
        await AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"Preloading {dataset.Items:N0} items into {dataset.Table}", maxValue: dataset.Items);
                while (!all.IsCompleted)
                {
                    task.Value = Interlocked.Read(ref written);
                    await Task.WhenAny(all, Task.Delay(200, cancellationToken)).ConfigureAwait(false);
                }

                task.Value = Interlocked.Read(ref written);
            }).ConfigureAwait(false);
        await all.ConfigureAwait(false);
    }

    private static async Task WriteBatchAsync(DynamoDbControlClient client, BenchDataset dataset, long first, int count, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var length = dataset.WriteBatchPut(first, count, client.Writer.Body);
            var reply = await client.SendWrittenAsync("BatchWriteItem", length, cancellationToken).ConfigureAwait(false);
            var retry = reply.Ok
                ? !reply.Body.Contains("\"UnprocessedItems\":{}", StringComparison.Ordinal)
                : ErrorTally.ThrottleCodes.Contains(reply.ErrorCode) || reply.Status >= 500;
            if (!retry)
            {
                if (!reply.Ok)
                {
                    throw new BenchException($"BatchWriteItem failed: HTTP {reply.Status} {reply.Body}");
                }

                return;
            }

            if (attempt >= MaxAttempts)
            {
                throw new BenchException($"BatchWriteItem of items {first}..{first + count - 1} still unprocessed after {MaxAttempts} attempts: {reply.Body}");
            }

            // Puts are idempotent: resend the whole batch after a capped exponential back-off.
            await Task.Delay(Math.Min(1000, 10 << Math.Min(attempt, 6)), cancellationToken).ConfigureAwait(false);
        }
    }
}
