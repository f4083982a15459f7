using System.CommandLine;
using Spectre.Console;

namespace Basalt.Cli.Bench;

/// <summary>
/// <c>basalt bench</c>: a closed-loop load generator for any DynamoDB endpoint (Basalt, DynamoDB
/// Local, dynalite, DynamoDB itself over http). Creates and preloads the table, runs the workload
/// for the given duration after a warm-up, and reports throughput, latency percentiles, errors by
/// code and its own CPU use, as a table and optionally as JSON.
/// </summary>
internal static class BenchCommand
{
    private const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static Command Create()
    {
        var endpoint = new Option<string>("--endpoint") { Description = "DynamoDB endpoint URL", DefaultValueFactory = _ => "http://127.0.0.1:8000" };
        var workload = new Option<string>("--workload") { Description = "put | get | update | query | scan | ycsb-a | ycsb-b | ycsb-c", DefaultValueFactory = _ => "get" };
        workload.AcceptOnlyFromAmong([.. Workload.Names]);
        var items = new Option<long>("--items") { Description = "Number of items in the table", DefaultValueFactory = _ => 100_000 };
        var itemSize = new Option<int>("--item-size") { Description = "Item size in bytes (DynamoDB's size rules)", DefaultValueFactory = _ => 1000 };
        var distribution = new Option<string>("--distribution") { Description = "uniform | zipfian (YCSB's scrambled Zipfian, θ=0.99)", DefaultValueFactory = _ => "uniform" };
        distribution.AcceptOnlyFromAmong("uniform", "zipfian");
        var concurrency = new Option<int>("--concurrency") { Description = "Closed-loop clients, one connection each", DefaultValueFactory = _ => 64 };
        var duration = new Option<string>("--duration") { Description = "Measured time, e.g. 10s, 1m (0: create and preload only)", DefaultValueFactory = _ => "10s" };
        var warmup = new Option<string>("--warmup") { Description = "Unmeasured load before the measured time", DefaultValueFactory = _ => "2s" };
        var json = new Option<string?>("--json") { Description = "Also write the result as JSON to this file" };
        var table = new Option<string>("--table") { Description = "Table to use (created if missing)", DefaultValueFactory = _ => "basalt-bench" };
        var itemsPerPartition = new Option<int>("--items-per-partition") { Description = "Items per partition key (what one Query returns)", DefaultValueFactory = _ => 10 };
        var scanLimit = new Option<int>("--scan-limit") { Description = "Limit of each Scan page", DefaultValueFactory = _ => 20 };
        var skipPreload = new Option<bool>("--skip-preload") { Description = "Do not (re)write the items first" };
        var region = new Option<string>("--region") { Description = "Region of the credential scope", DefaultValueFactory = _ => "us-east-1" };
        var accessKey = new Option<string>("--access-key") { Description = "Access key id", DefaultValueFactory = _ => "bench" };
        var secretKey = new Option<string>("--secret-key") { Description = "Secret access key", DefaultValueFactory = _ => "bench" };
        var seed = new Option<ulong>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 42 };
        var label = new Option<string?>("--label") { Description = "Name of the server under test, for the report" };
        var serverPid = new Option<int?>("--server-pid") { Description = "Also report the CPU use of this process (the server)" };
        var transport = new Option<string>("--transport")
        {
            Description = "epoll (Linux: event-loop threads over non-blocking sockets) | sockets (async .NET sockets, any OS)",
            DefaultValueFactory = _ => BenchTransportNames.Default.Name(),
        };
        transport.AcceptOnlyFromAmong("epoll", "sockets");
        var loops = new Option<int>("--loops") { Description = "Event-loop threads of the epoll transport (default: one per core)", DefaultValueFactory = _ => Environment.ProcessorCount };

        var command = new Command("bench", "Closed-loop load generator for a DynamoDB endpoint")
        {
            endpoint, workload, items, itemSize, distribution, concurrency, duration, warmup, json, table,
            itemsPerPartition, scanLimit, skipPreload, region, accessKey, secretKey, seed, label, serverPid, transport, loops,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            BenchOptions options;
            try
            {
                options = new BenchOptions
                {
                    Endpoint = new Uri(parse.GetValue(endpoint)!, UriKind.Absolute),
                    Workload = Workload.Parse(parse.GetValue(workload)!),
                    Items = parse.GetValue(items),
                    ItemSize = parse.GetValue(itemSize),
                    Distribution = parse.GetValue(distribution) == "zipfian" ? DistributionKind.Zipfian : DistributionKind.Uniform,
                    Concurrency = Math.Max(1, parse.GetValue(concurrency)),
                    Duration = BenchOptions.ParseDuration(parse.GetValue(duration)!),
                    Warmup = BenchOptions.ParseDuration(parse.GetValue(warmup)!),
                    JsonPath = parse.GetValue(json),
                    Table = parse.GetValue(table)!,
                    ItemsPerPartition = parse.GetValue(itemsPerPartition),
                    ScanLimit = parse.GetValue(scanLimit),
                    SkipPreload = parse.GetValue(skipPreload),
                    Region = parse.GetValue(region)!,
                    AccessKey = parse.GetValue(accessKey)!,
                    SecretKey = parse.GetValue(secretKey)!,
                    Seed = parse.GetValue(seed),
                    Label = parse.GetValue(label),
                    ServerPid = parse.GetValue(serverPid),
                    Transport = BenchTransportNames.Parse(parse.GetValue(transport)!),
                    Loops = Math.Max(1, parse.GetValue(loops)),
                };
            }
            catch (Exception error) when (error is FormatException or ArgumentException or UriFormatException)
            {
                await Console.Error.WriteLineAsync("basalt bench: " + error.Message).ConfigureAwait(false);
                return 2;
            }

            return await RunAsync(options, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        // Run socket completions on the runtime's event-loop threads instead of handing each one to
        // the thread pool: a load generator's continuations are short and never block, and the
        // hand-off (a thread wake-up per response) was the largest part of its CPU per request. Read
        // once, before the first socket is used, so it must be set here.
        if (Environment.GetEnvironmentVariable(InlineCompletionsVariable) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, "1");
        }

        BenchResult? result;
        try
        {
            result = await BenchRunner.RunAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is BenchException or IOException or System.Net.Sockets.SocketException or ArgumentException)
        {
            await Console.Error.WriteLineAsync("basalt bench: " + error.Message).ConfigureAwait(false);
            return 1;
        }

        if (result is null)
        {
            return 0;
        }

        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 132;
        }

        BenchReport.WriteTable(AnsiConsole.Console, result);
        if (options.JsonPath is { } path)
        {
            await using var file = File.Create(path);
            BenchReport.WriteJson(file, result);
        }

        return 0;
    }
}
