using System.CommandLine;
using Basalt.Api.Forwarding;
using Basalt.Router.Forwarding;

namespace Basalt.Cli;

/// <summary>
/// <c>basalt router --host H --port P --meta URLS --memds URLS [--auth FILE]</c>: the DynamoDB
/// endpoint of a cluster, forwarding every request to storage nodes. Prints exactly one line
/// "Basalt listening on http://H:P" once it accepts requests; SIGINT/SIGTERM stop it cleanly.
/// </summary>
internal static class RouterCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "TCP port (0 picks a free one)", DefaultValueFactory = _ => 8000 };
        var host = new Option<string>("--host") { Description = "Interface to bind", DefaultValueFactory = _ => "127.0.0.1" };
        var meta = new Option<string>("--meta", "--join") { Description = "Meta service members: comma-separated URLs (the node list)", Required = true };
        var memds = new Option<string>("--memds") { Description = "MemDS processes: comma-separated URLs (tables and routes)", Required = true };
        var auth = new Option<string?>("--auth") { Description = "Credentials file (ACCESS_KEY SECRET per line): verify SigV4 signatures" };
        var command = new Command("router", "Run a cluster's DynamoDB endpoint, forwarding requests to storage nodes") { port, host, meta, memds, auth };
        command.SetAction(async (parse, cancellationToken) =>
            await RunAsync(parse.GetValue(host)!, parse.GetValue(port), Urls(parse.GetValue(meta)!), Urls(parse.GetValue(memds)!), parse.GetValue(auth), cancellationToken).ConfigureAwait(false));
        return command;
    }

    internal static List<Uri> Urls(string list) =>
        [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(u => new Uri(u.Contains("://", StringComparison.Ordinal) ? u : "http://" + u))];

    private static async Task<int> RunAsync(string host, int port, List<Uri> meta, List<Uri> memds, string? auth, CancellationToken cancellationToken)
    {
        using var stop = new StopSignal(cancellationToken);
        var nodes = new NodeDirectory(TimeProvider.System);
        using var memdsClient = new GrpcTableDirectory(memds) { Nodes = nodes };
        using var executor = new GrpcNodeExecutor();
        var watcher = new MetaNodeWatcher(meta, nodes, TimeProvider.System);
        await using (watcher.ConfigureAwait(false))
        {
            watcher.Start();
            RouterServer server;
            try
            {
                server = await RouterServer.StartAsync(
                    new RouterServerOptions { Host = host, Port = port, AuthFile = auth, Tables = memdsClient, MemDs = memdsClient, Nodes = executor, Directory = nodes },
                    stop.Token).ConfigureAwait(false);
            }
            catch (IOException error) when (error.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await Console.Error.WriteLineAsync($"basalt: port {port} on {host} is already in use; choose another with --port").ConfigureAwait(false);
                return 2;
            }

            await using (server.ConfigureAwait(false))
            {
                Console.Out.WriteLine($"Basalt listening on http://{host}:{server.Url.Port}");
                Console.Out.Flush();
                try
                {
                    await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        return 0;
    }
}
