using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Basalt.Api.Cluster;
using Basalt.Node.Hosting;
using Basalt.Storage;
using Microsoft.Extensions.Logging;

namespace Basalt.Cli;

/// <summary>
/// <c>basalt node</c>: one storage node as its own process, talking to its peers over gRPC. With
/// <c>--meta URLS</c> (cluster mode) it registers with the metadata service, hosts the replicas the
/// partition map places on it and runs routers' DynamoDB requests (the <c>Items</c> service). With
/// <c>--peers</c> (static mode) it hosts the groups given by <c>--groups</c>, each with every node of
/// <c>--peers</c> as a voter, and serves no DynamoDB API. Prints one line "Basalt node N listening on
/// http://HOST:PORT ..." once it serves; SIGINT/SIGTERM stop it cleanly.
/// </summary>
internal static class NodeCommand
{
    public static Command Create()
    {
        var id = new Option<ulong>("--id") { Description = "This node's id (1, 2, ...; unique in the cluster)", Required = true };
        var listen = new Option<string>("--listen") { Description = "HOST:PORT where peers reach this node (gRPC, HTTP/2 without TLS; port 0 picks one)", Required = true };
        var peers = new Option<string?>("--peers") { Description = "Static mode: every node's gRPC address, 1=HOST:PORT,2=HOST:PORT,3=HOST:PORT (this node's entry may be included)" };
        var meta = new Option<string?>("--meta", "--join") { Description = "Cluster mode: the meta members' gRPC addresses, http://HOST:PORT,http://HOST:PORT,... (the partition map decides what the node hosts)" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Data directory (RocksDB)" };
        var inMemory = new Option<bool>("--in-memory") { Description = "Keep everything in memory (nothing on disk)" };
        var zone = new Option<string>("--zone") { Description = "The node's availability zone (the metadata service places a partition's replicas in distinct zones)", DefaultValueFactory = _ => "default" };
        var groups = new Option<string>("--groups") { Description = "Static mode: Raft groups to host, e.g. 1-8 or 1,2,5", DefaultValueFactory = _ => "" };
        var http = new Option<string?>("--http") { Description = "HOST:PORT for status (GET /_basalt/node, JSON) and /metrics over HTTP/1.1" };
        var partitions = new Option<int>("--initial-partitions") { Description = "Cluster mode: how many partitions CreateTable gives a table created through this node", DefaultValueFactory = _ => 1 };

        var command = new Command(
            "node",
            "Run one storage node. With --meta: a node of a Basalt cluster that hosts the partitions the metadata service places on it and runs the DynamoDB requests routers send it. With --peers: replicate the Raft groups of --groups with every node of --peers as voters (no DynamoDB API)")
        {
            id, listen, peers, meta, dataDir, inMemory, zone, groups, http, partitions,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(dataDir) is null == !result.GetValue(inMemory))
            {
                result.AddError("Give exactly one of --data-dir and --in-memory.");
            }

            if (result.GetValue(id) == 0)
            {
                result.AddError("--id must be a positive number.");
            }

            Check(result, () => ParseEndPoint(result.GetValue(listen)!));
            if (result.GetValue(meta) is { } members)
            {
                if (result.GetValue(peers) is not null || (result.GetValue(groups) ?? "").Length > 0)
                {
                    result.AddError("--meta (cluster mode) takes no --peers or --groups: the partition map decides what the node hosts.");
                }

                Check(result, () => ParseMeta(members));
            }
            else if (result.GetValue(peers) is { } list)
            {
                Check(result, () => ParsePeers(list));
            }
            else
            {
                result.AddError("Give --meta (cluster mode) or --peers (static mode).");
            }

            Check(result, () => ParseGroups(result.GetValue(groups) ?? ""));
            if (result.GetValue(http) is { } value)
            {
                Check(result, () => ParseEndPoint(value));
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var directory = parse.GetValue(dataDir);
            if (parse.GetValue(meta) is { } members)
            {
                if (parse.GetValue(partitions) is < 1 or > 1024)
                {
                    await Console.Error.WriteLineAsync("basalt: --initial-partitions must be between 1 and 1024.").ConfigureAwait(false);
                    return 2;
                }

                return await RunClusterAsync(
                    new ClusterNodeOptions
                    {
                        Id = parse.GetValue(id),
                        Zone = parse.GetValue(zone)!,
                        Listen = ParseEndPoint(parse.GetValue(listen)!),
                        Meta = ParseMeta(members),
                        DataDirectory = directory is null ? null : Path.GetFullPath(directory),
                        Http = parse.GetValue(http) is { } address ? ParseEndPoint(address) : null,
                        InitialPartitions = parse.GetValue(partitions),
                    },
                    cancellationToken).ConfigureAwait(false);
            }

            var options = new NodeHostOptions
            {
                Id = parse.GetValue(id),
                Listen = ParseEndPoint(parse.GetValue(listen)!),
                Peers = ParsePeers(parse.GetValue(peers)!),
                DataDirectory = directory is null ? null : Path.GetFullPath(directory),
                Zone = parse.GetValue(zone)!,
                Groups = ParseGroups(parse.GetValue(groups)!),
                Http = parse.GetValue(http) is { } h ? ParseEndPoint(h) : null,
            };
            return await RunAsync(options, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>HOST:PORT (an IPv4 address, [IPv6]:PORT, or a name resolved now) as an endpoint.</summary>
    internal static IPEndPoint ParseEndPoint(string text)
    {
        if (IPEndPoint.TryParse(text, out var endpoint) && (text.StartsWith('[') ? text.Contains("]:", StringComparison.Ordinal) : text.Contains(':', StringComparison.Ordinal)))
        {
            return endpoint;
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new FormatException($"'{text}' is not HOST:PORT.");
        }

        var host = text[..colon];
        var address = string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            ? IPAddress.Loopback
            : Dns.GetHostAddresses(host).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? throw new FormatException($"Cannot resolve '{host}'.");
        return new IPEndPoint(address, port);
    }

    /// <summary>1=HOST:PORT,2=HOST:PORT as node ids and gRPC URLs.</summary>
    internal static Dictionary<ulong, Uri> ParsePeers(string text)
    {
        var peers = new Dictionary<ulong, Uri>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !ulong.TryParse(part[..equals], NumberStyles.None, CultureInfo.InvariantCulture, out var node) || node == 0)
            {
                throw new FormatException($"'{part}' is not ID=HOST:PORT with a positive id.");
            }

            var address = part[(equals + 1)..];
            if (!Uri.TryCreate("http://" + address, UriKind.Absolute, out var url) || url.IsDefaultPort || url.AbsolutePath != "/")
            {
                throw new FormatException($"'{address}' is not HOST:PORT.");
            }

            if (!peers.TryAdd(node, url))
            {
                throw new FormatException($"Node {node} appears twice in --peers.");
            }
        }

        if (peers.Count == 0)
        {
            throw new FormatException("--peers names no node.");
        }

        return peers;
    }

    /// <summary>http://HOST:PORT,http://HOST:PORT (or HOST:PORT) as the meta members' gRPC URLs.</summary>
    internal static List<Uri> ParseMeta(string text)
    {
        var members = new List<Uri>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var address = part.Contains("://", StringComparison.Ordinal) ? part : "http://" + part;
            if (!Uri.TryCreate(address, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttp || url.IsDefaultPort || url.AbsolutePath != "/")
            {
                throw new FormatException($"'{part}' is not http://HOST:PORT.");
            }

            members.Add(url);
        }

        return members.Count > 0 ? members : throw new FormatException("--meta names no member.");
    }

    /// <summary>1-8 or 1,2,5 (or both, 1-4,9) as a sorted list of distinct group ids.</summary>
    internal static List<ulong> ParseGroups(string text)
    {
        var groups = new SortedSet<ulong>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                groups.Add(ParseGroup(part));
                continue;
            }

            var first = ParseGroup(part[..dash]);
            var last = ParseGroup(part[(dash + 1)..]);
            if (last < first || last - first >= 100_000)
            {
                throw new FormatException($"'{part}' is not a range of groups.");
            }

            for (var group = first; group <= last; group++)
            {
                groups.Add(group);
            }
        }

        return [.. groups];
    }

    private static ulong ParseGroup(string text) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var group) && group > 0
            ? group
            : throw new FormatException($"'{text}' is not a group id (a positive number).");

    private static void Check(CommandResult result, Action parse)
    {
        try
        {
            parse();
        }
        catch (Exception e) when (e is FormatException or SocketException)
        {
            result.AddError(e.Message);
        }
    }

    private static async Task<int> RunClusterAsync(ClusterNodeOptions options, CancellationToken cancellationToken)
    {
        using var stop = new StopSignal(cancellationToken);
        using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        ClusterNode node;
        try
        {
            node = await ClusterNode.StartAsync(options, loggers, stop.Token).ConfigureAwait(false);
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
            var ports = options.Http is null ? $"{options.Listen}" : $"{options.Listen} or {options.Http}";
            await Console.Error.WriteLineAsync($"basalt: {ports} is already in use; choose another with --listen / --http").ConfigureAwait(false);
            return 2;
        }
        catch (InvalidOperationException error)
        {
            await Console.Error.WriteLineAsync("basalt: " + error.Message).ConfigureAwait(false);
            return 2;
        }

        await using (node.ConfigureAwait(false))
        {
            var data = options.DataDirectory is null ? "in-memory" : "data: " + options.DataDirectory;
            var http = node.HttpUrl is null ? "" : $", http http://{node.HttpUrl.Authority}";
            Console.Out.WriteLine($"Basalt node {options.Id} listening on http://{node.Url.Authority} (zone {options.Zone}, cluster mode, meta {string.Join(',', options.Meta.Select(m => m.Authority))}{http}, {data})");
            Console.Out.Flush();
            if (await stop.EndedFirstAsync(node.Completion).ConfigureAwait(false))
            {
                await Console.Error.WriteLineAsync($"basalt: node {options.Id} stopped after a storage failure").ConfigureAwait(false);
                return 1;
            }
        }

        return 0;
    }

    private static async Task<int> RunAsync(NodeHostOptions options, CancellationToken cancellationToken)
    {
        using var stop = new StopSignal(cancellationToken);
        using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        NodeHost host;
        try
        {
            host = await NodeHost.StartAsync(options, loggers, stop.Token).ConfigureAwait(false);
        }
        catch (DataDirectoryLockedException error)
        {
            await Console.Error.WriteLineAsync("basalt: " + error.Message).ConfigureAwait(false);
            return 2;
        }
        catch (IOException error) when (error.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            var ports = options.Http is null ? $"{options.Listen}" : $"{options.Listen} or {options.Http}";
            await Console.Error.WriteLineAsync($"basalt: {ports} is already in use; choose another with --listen / --http").ConfigureAwait(false);
            return 2;
        }

        await using (host.ConfigureAwait(false))
        {
            var data = options.DataDirectory is null ? "in-memory" : "data: " + options.DataDirectory;
            var http = host.HttpUrl is null ? "" : $", http http://{host.HttpUrl.Authority}";
            Console.Out.WriteLine($"Basalt node {options.Id} listening on http://{host.Url.Authority} (zone {options.Zone}, {options.Groups.Count} groups{http}, {data})");
            Console.Out.Flush();
            if (await stop.EndedFirstAsync(host.Completion).ConfigureAwait(false))
            {
                await Console.Error.WriteLineAsync($"basalt: node {options.Id} stopped after a storage failure").ConfigureAwait(false);
                return 1;
            }
        }

        return 0;
    }
}
