using System.CommandLine;
using System.Globalization;
using Basalt.Control.Members;
using Basalt.Storage;
using Microsoft.Extensions.Logging;

namespace Basalt.Cli;

/// <summary>
/// <c>basalt meta</c>: one member of the metadata service (the partition map replicated by a Raft
/// group of three, kept in RocksDB). Prints "Basalt meta N listening on http://HOST:PORT" once it
/// serves; SIGINT/SIGTERM stop it cleanly.
/// </summary>
internal static class MetaCommand
{
    public static Command Create()
    {
        var id = new Option<ulong>("--id") { Description = "This member's id (one of --peers)", Required = true };
        var listen = new Option<string>("--listen") { Description = "HOST:PORT serving the Meta service and Raft (gRPC, HTTP/2 without TLS)", Required = true };
        var peers = new Option<string>("--peers") { Description = "Every member: 1=http://HOST:PORT,2=http://HOST:PORT,3=http://HOST:PORT", Required = true };
        var dataDir = new Option<string>("--data-dir") { Description = "Data directory (RocksDB: the member's Raft log, hard state and map snapshot)", Required = true };
        var http = new Option<string?>("--http") { Description = "HOST:PORT for /metrics over HTTP/1.1" };
        var command = new Command("meta", "Run one member of the metadata service (partition map, node health, autoadmin)")
        {
            id, listen, peers, dataDir, http,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(listen) is not { } listenAt || result.GetValue(peers) is not { } peerList)
            {
                return; // the parser reports the missing required option
            }

            try
            {
                NodeCommand.ParseEndPoint(listenAt);
                var members = ParsePeers(peerList);
                if (!members.ContainsKey(result.GetValue(id)))
                {
                    result.AddError("--id must be one of --peers.");
                }

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
            var options = new MetaServerOptions
            {
                Id = parse.GetValue(id),
                Listen = NodeCommand.ParseEndPoint(parse.GetValue(listen)!),
                Peers = ParsePeers(parse.GetValue(peers)!),
                DataDirectory = Path.GetFullPath(parse.GetValue(dataDir)!),
                Http = parse.GetValue(http) is { } h ? NodeCommand.ParseEndPoint(h) : null,
            };
            return await RunAsync(options, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>1=http://HOST:PORT,2=HOST:PORT as member ids and URLs.</summary>
    internal static Dictionary<ulong, Uri> ParsePeers(string text)
    {
        var peers = new Dictionary<ulong, Uri>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !ulong.TryParse(part[..equals], NumberStyles.None, CultureInfo.InvariantCulture, out var member) || member == 0)
            {
                throw new FormatException($"'{part}' is not ID=http://HOST:PORT with a positive id.");
            }

            if (!peers.TryAdd(member, NodeCommand.ParseMeta(part[(equals + 1)..])[0]))
            {
                throw new FormatException($"Member {member} appears twice in --peers.");
            }
        }

        return peers.Count > 0 ? peers : throw new FormatException("--peers names no member.");
    }

    private static async Task<int> RunAsync(MetaServerOptions options, CancellationToken cancellationToken)
    {
        using var stop = new StopSignal(cancellationToken);
        MetaServer server;
        try
        {
            server = await MetaServer.StartAsync(options, logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning), stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
        catch (DataDirectoryLockedException error)
        {
            await Console.Error.WriteLineAsync("basalt: " + error.Message).ConfigureAwait(false);
            return 2;
        }
        catch (IOException error) when (error.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await Console.Error.WriteLineAsync($"basalt: {options.Listen} is already in use; choose another with --listen / --http").ConfigureAwait(false);
            return 2;
        }

        await using (server.ConfigureAwait(false))
        {
            Console.Out.WriteLine($"Basalt meta {options.Id} listening on http://{server.Url.Authority}");
            Console.Out.Flush();
            await Task.WhenAny(server.Completion, Task.Delay(Timeout.Infinite, stop.Token)).ConfigureAwait(false);
            if (server.Completion.IsFaulted && !stop.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync($"basalt: meta {options.Id} stopped: {server.Completion.Exception?.GetBaseException().Message}").ConfigureAwait(false);
                return 1;
            }
        }

        return 0;
    }
}
