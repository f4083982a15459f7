using System.CommandLine;
using Basalt.Control.MemDs;
using Microsoft.Extensions.Logging;

namespace Basalt.Cli;

/// <summary>
/// <c>basalt memds</c>: an in-memory copy of the partition map, followed from the meta service's
/// change stream, answering routers' lookups (the MemDs gRPC service). Prints "Basalt memds
/// listening on http://HOST:PORT" once it serves; SIGINT/SIGTERM stop it cleanly.
/// </summary>
internal static class MemDsCommand
{
    public static Command Create()
    {
        var listen = new Option<string>("--listen") { Description = "HOST:PORT serving the MemDs service (gRPC, HTTP/2 without TLS)", Required = true };
        var meta = new Option<string>("--meta", "--join") { Description = "The meta members: http://HOST:PORT,http://HOST:PORT,...", Required = true };
        var http = new Option<string?>("--http") { Description = "HOST:PORT for /metrics over HTTP/1.1" };
        var command = new Command("memds", "Run a MemDS process: the partition map in memory, for routers' lookups") { listen, meta, http };
        command.Validators.Add(result =>
        {
            if (result.GetValue(listen) is not { } listenAt || result.GetValue(meta) is not { } members)
            {
                return; // the parser reports the missing required option
            }

            try
            {
                NodeCommand.ParseEndPoint(listenAt);
                NodeCommand.ParseMeta(members);
                if (result.GetValue(http) is { } h)
                {
                    NodeCommand.ParseEndPoint(h);
                }
            }
            catch (Exception e) when (e is FormatException or System.Net.Sockets.SocketException)
            {
                result.AddError(e.Message);
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var stop = new StopSignal(cancellationToken);
            var listenAt = NodeCommand.ParseEndPoint(parse.GetValue(listen)!);
            MemDsServer server;
            try
            {
                server = await MemDsServer.StartAsync(
                    listenAt,
                    NodeCommand.ParseMeta(parse.GetValue(meta)!),
                    parse.GetValue(http) is { } h ? NodeCommand.ParseEndPoint(h) : null,
                    logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning),
                    stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return 0;
            }
            catch (IOException error) when (error.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await Console.Error.WriteLineAsync($"basalt: {listenAt} is already in use; choose another with --listen / --http").ConfigureAwait(false);
                return 2;
            }

            await using (server.ConfigureAwait(false))
            {
                Console.Out.WriteLine($"Basalt memds listening on http://{server.Url.Authority}");
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
        });
        return command;
    }
}
