using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace Basalt.Cli.Cluster;

/// <summary>The shape of a cluster to start with <c>basalt cluster up</c>.</summary>
internal sealed record ClusterOptions
{
    public required string DataDirectory { get; init; }

    public int Nodes { get; init; } = 6;

    public int Zones { get; init; } = 3;

    public int Routers { get; init; } = 2;

    public int MemDs { get; init; } = 2;

    public int Meta { get; init; } = 3;

    /// <summary>Partitions of each table created in the cluster (the nodes' --initial-partitions).</summary>
    public int InitialPartitions { get; init; } = 4;

    /// <summary>First of consecutive ports to use; null picks free ports.</summary>
    public int? BasePort { get; init; }

    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The problems with these options (empty when they can be started).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void Require(bool ok, string problem)
        {
            if (!ok)
            {
                problems.Add(problem);
            }
        }

        Require(Nodes >= 1, "--nodes must be at least 1.");
        Require(Zones >= 1, "--zones must be at least 1.");
        Require(Zones <= Nodes, "--zones cannot exceed --nodes (every zone needs a node).");
        Require(Routers >= 1, "--routers must be at least 1.");
        Require(MemDs >= 1, "--memds must be at least 1.");
        Require(Meta >= 1 && Meta % 2 == 1, "--meta must be an odd number (1, 3, 5).");
        Require(InitialPartitions is >= 1 and <= 1024, "--initial-partitions must be between 1 and 1024.");
        Require(BasePort is null || (BasePort >= 1024 && BasePort + PortCount - 1 <= 65535), $"--base-port must leave {PortCount} consecutive ports between 1024 and 65535.");
        return problems;
    }

    /// <summary>Ports the cluster needs: two per meta, MemDS and storage node (gRPC, HTTP), one per router.</summary>
    public int PortCount => (2 * (Meta + MemDs + Nodes)) + Routers;
}

/// <summary>
/// Lays out a cluster: every process with its ports, data directory, log and command line. Node i
/// is in zone <c>z((i-1) % zones + 1)</c>. Pure but for <paramref name="freePort"/>, so the layout is testable.
/// </summary>
internal static class ClusterPlan
{
    public static ClusterState Create(ClusterOptions options, IReadOnlyList<string> executable, Func<int> freePort)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(executable);
        ArgumentNullException.ThrowIfNull(freePort);
        var problems = options.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(' ', problems), nameof(options));
        }

        var root = Path.GetFullPath(options.DataDirectory);
        var nextBase = options.BasePort ?? 0;
        var taken = new HashSet<int>();
        int Port()
        {
            if (options.BasePort is not null)
            {
                return nextBase++;
            }

            // Free ports are only checked one at a time: never hand the same one out twice.
            for (var attempt = 0; ; attempt++)
            {
                var port = freePort();
                if (taken.Add(port) || attempt >= 100)
                {
                    return port;
                }
            }
        }

        var host = options.Host;
        string Address(int port) => string.Create(CultureInfo.InvariantCulture, $"{host}:{port}");
        string Log(string name) => Path.Combine(root, "logs", name + ".log");
        string Dir(string name) => Path.Combine(root, name);
        string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

        var metaPorts = Enumerable.Range(1, options.Meta).Select(_ => (Grpc: Port(), Http: Port())).ToArray();
        var memdsPorts = Enumerable.Range(1, options.MemDs).Select(_ => (Grpc: Port(), Http: Port())).ToArray();
        var nodePorts = Enumerable.Range(1, options.Nodes).Select(_ => (Grpc: Port(), Http: Port())).ToArray();
        var routerPorts = Enumerable.Range(1, options.Routers).Select(_ => Port()).ToArray();

        var metaUrls = string.Join(',', metaPorts.Select(p => "http://" + Address(p.Grpc)));
        var memdsUrls = string.Join(',', memdsPorts.Select(p => "http://" + Address(p.Grpc)));
        var peers = string.Join(',', metaPorts.Select((p, i) => $"{Text(i + 1)}=http://{Address(p.Grpc)}"));

        var processes = new List<ClusterProcess>();
        for (var i = 1; i <= options.Meta; i++)
        {
            var name = $"meta-{Text(i)}";
            var (grpc, http) = metaPorts[i - 1];
            processes.Add(new ClusterProcess
            {
                Name = name, Role = ClusterRoles.Meta, Id = i, Host = host, Port = grpc, HttpPort = http, DataDirectory = Dir(name), Log = Log(name),
                Command = [.. executable, "meta", "--id", Text(i), "--listen", Address(grpc), "--peers", peers, "--data-dir", Dir(name), "--http", Address(http)],
                Readiness = $"Basalt meta {Text(i)} listening on ",
            });
        }

        for (var i = 1; i <= options.MemDs; i++)
        {
            var name = $"memds-{Text(i)}";
            var (grpc, http) = memdsPorts[i - 1];
            processes.Add(new ClusterProcess
            {
                Name = name, Role = ClusterRoles.MemDs, Id = i, Host = host, Port = grpc, HttpPort = http, Log = Log(name),
                Command = [.. executable, "memds", "--listen", Address(grpc), "--meta", metaUrls, "--http", Address(http)],
                Readiness = "Basalt memds listening on ",
            });
        }

        for (var i = 1; i <= options.Nodes; i++)
        {
            var name = $"node-{Text(i)}";
            var zone = ZoneOf(i, options.Zones);
            var (grpc, http) = nodePorts[i - 1];
            processes.Add(new ClusterProcess
            {
                Name = name, Role = ClusterRoles.Node, Id = i, Zone = zone, Host = host, Port = grpc, HttpPort = http, DataDirectory = Dir(name), Log = Log(name),
                Command = [.. executable, "node", "--id", Text(i), "--zone", zone, "--listen", Address(grpc), "--meta", metaUrls, "--data-dir", Dir(name), "--http", Address(http),
                    "--initial-partitions", Text(options.InitialPartitions)],
                Readiness = $"Basalt node {Text(i)} listening on ",
            });
        }

        for (var i = 1; i <= options.Routers; i++)
        {
            var name = $"router-{Text(i)}";
            var port = routerPorts[i - 1];
            processes.Add(new ClusterProcess
            {
                Name = name, Role = ClusterRoles.Router, Id = i, Host = host, Port = port, Log = Log(name),
                Command = [.. executable, "router", "--host", host, "--port", Text(port), "--meta", metaUrls, "--memds", memdsUrls],
                Readiness = "Basalt listening on ",
            });
        }

        return new ClusterState { DataDirectory = root, Zones = options.Zones, Processes = processes };
    }

    /// <summary>Zone of storage node <paramref name="node"/> (1-based): z1, z2, ..., round robin.</summary>
    public static string ZoneOf(int node, int zones) => "z" + (((node - 1) % zones) + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// How to start this same basalt: the apphost itself, or <c>dotnet path/basalt.dll</c> when it
    /// runs under the dotnet host (<c>dotnet basalt.dll</c>, <c>dotnet exec</c>, test runners).
    /// </summary>
    public static IReadOnlyList<string> CurrentExecutable()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this process is unknown.");
        var name = Path.GetFileNameWithoutExtension(process);
        if (!string.Equals(name, "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return [process];
        }

        var entry = Assembly.GetEntryAssembly()?.Location;
        return string.IsNullOrEmpty(entry) ? throw new InvalidOperationException("The entry assembly of this process is unknown.") : [process, entry];
    }

    /// <summary>A loopback port free right now, below the ephemeral range, never the same twice (<see cref="Basalt.Node.Hosting.LoopbackPorts"/>).</summary>
    public static int FreePort() => Basalt.Node.Hosting.LoopbackPorts.Next();
}
