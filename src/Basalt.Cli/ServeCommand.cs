using System.CommandLine;
using Basalt.Api;
using Basalt.Storage;

namespace Basalt.Cli;

/// <summary>
/// <c>basalt serve</c>: the DynamoDB API on one process. Prints exactly one line
/// "Basalt listening on http://HOST:PORT (data: DIR)" or "... (in-memory)" once it accepts
/// requests; SIGINT/SIGTERM stop it cleanly.
/// </summary>
internal static class ServeCommand
{
    private const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "TCP port (0 picks a free one)", DefaultValueFactory = _ => 8000 };
        var host = new Option<string>("--host") { Description = "Interface to bind", DefaultValueFactory = _ => "127.0.0.1" };
        var dataDir = new Option<string>("--data-dir") { Description = "Data directory", DefaultValueFactory = _ => "./basalt-data" };
        var inMemory = new Option<bool>("--in-memory") { Description = "Keep all data in memory (nothing on disk)" };
        var auth = new Option<string?>("--auth") { Description = "Credentials file (ACCESS_KEY SECRET per line): verify SigV4 signatures" };
        var admission = new Option<string>("--admission")
        {
            Description = "DynamoDB's capacity limits and throttling: on (default) or off (no throttling, like DynamoDB Local)",
            DefaultValueFactory = _ => "on",
        };
        admission.AcceptOnlyFromAmong("on", "off");
        var replicas = new Option<int>("--replicas")
        {
            Description = "Storage nodes in this process, each with a replica of every partition: 1 (default) or 3",
            DefaultValueFactory = _ => 1,
        };
        replicas.AcceptOnlyFromAmong("1", "3");
        var partitions = new Option<int>("--initial-partitions") { Description = "Partitions of each new table (default 1)", DefaultValueFactory = _ => 1 };
        partitions.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 1024)
            {
                result.AddError("--initial-partitions must be between 1 and 1024.");
            }
        });

        var command = new Command("serve", "Run the DynamoDB API on one process") { port, host, dataDir, inMemory, auth, admission, replicas, partitions };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new BasaltServerOptions
            {
                Port = parse.GetValue(port),
                Host = parse.GetValue(host)!,
                DataDirectory = Path.GetFullPath(parse.GetValue(dataDir)!),
                InMemory = parse.GetValue(inMemory),
                AuthFile = parse.GetValue(auth),
                Replicas = parse.GetValue(replicas),
                InitialPartitions = parse.GetValue(partitions),
                Admission = new Basalt.Router.Admission.AdmissionOptions { Enabled = parse.GetValue(admission) == "on" },
            };
            return await RunAsync(options, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(BasaltServerOptions options, CancellationToken cancellationToken)
    {
        // Complete socket operations on the runtime's event-loop threads (one per core) instead of
        // handing each to the thread pool; with Kestrel's inline scheduling (BasaltServerOptions.
        // InlineScheduling) a request is then read, served and answered on the thread that saw it
        // arrive, without a thread wake-up. Read once, before the first socket exists, so it is set
        // here; set the variable to 0 to keep the thread-pool hand-off.
        if (Environment.GetEnvironmentVariable(InlineCompletionsVariable) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, "1");
        }

        using var stop = new StopSignal(cancellationToken);
        BasaltServer server;
        try
        {
            server = await BasaltServer.StartAsync(options, stop.Token).ConfigureAwait(false);
        }
        catch (DataDirectoryLockedException error)
        {
            await Console.Error.WriteLineAsync("basalt: " + error.Message).ConfigureAwait(false);
            return 2;
        }
        catch (IOException error) when (error.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await Console.Error.WriteLineAsync($"basalt: port {options.Port} on {options.Host} is already in use; choose another with --port").ConfigureAwait(false);
            return 2;
        }

        await using (server.ConfigureAwait(false))
        {
            var where = options.InMemory ? "(in-memory)" : $"(data: {options.DataDirectory})";
            Console.Out.WriteLine($"Basalt listening on http://{options.Host}:{server.Url.Port} {where}");
            Console.Out.Flush();
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        return 0;
    }
}
