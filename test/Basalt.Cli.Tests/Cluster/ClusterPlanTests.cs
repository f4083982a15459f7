using Basalt.Cli.Cluster;

namespace Basalt.Cli.Tests.Cluster;

/// <summary>The layout <c>cluster up</c> starts: processes, zones, ports, data directories and command lines.</summary>
public sealed class ClusterPlanTests
{
    private static readonly string[] Executable = ["/usr/bin/dotnet", "/opt/basalt/basalt.dll"];

    private static ClusterState Plan(ClusterOptions options)
    {
        var next = 40000;
        return ClusterPlan.Create(options, Executable, () => next++);
    }

    [Fact]
    public void A_port_the_probe_offers_twice_is_handed_out_once()
    {
        // Free ports are probed one at a time and released, so the probe may offer one again.
        var offers = new Queue<int>([41000, 41000, 41001, 41001, 41001, 41002]);
        var next = 42000;
        var state = ClusterPlan.Create(
            new ClusterOptions { DataDirectory = "/tmp/c", Nodes = 1, Zones = 1, Routers = 1, MemDs = 1, Meta = 1 },
            Executable,
            () => offers.Count > 0 ? offers.Dequeue() : next++);
        var ports = state.Processes.SelectMany(p => p.HttpPort is { } h ? new[] { p.Port, h } : [p.Port]).ToList();
        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.Equal([41000, 41001, 41002], ports.Take(3));
    }

    [Fact]
    public void Free_ports_are_below_the_ephemeral_range()
    {
        var range = Basalt.Node.Hosting.LoopbackPorts.EphemeralLow();
        Assert.SkipWhen(range <= 12_000, "no room below the ephemeral range here");
        var ports = Enumerable.Range(0, 20).Select(_ => ClusterPlan.FreePort()).ToList();
        Assert.All(ports, p => Assert.InRange(p, 10_000, range - 1));
        Assert.Equal(ports.Count, ports.Distinct().Count());
    }

    [Fact]
    public void Six_nodes_in_three_zones_with_two_routers()
    {
        var state = Plan(new ClusterOptions { DataDirectory = "/tmp/c", Nodes = 6, Zones = 3, Routers = 2 });

        Assert.Equal(1, state.Format);
        Assert.Equal(
            ["meta-1", "meta-2", "meta-3", "memds-1", "memds-2", "node-1", "node-2", "node-3", "node-4", "node-5", "node-6", "router-1", "router-2"],
            state.Processes.Select(p => p.Name));
        Assert.Equal(["z1", "z2", "z3", "z1", "z2", "z3"], state.Nodes.Select(n => n.Zone));
        var ports = state.Processes.SelectMany(p => p.HttpPort is { } h ? new[] { p.Port, h } : [p.Port]).ToList();
        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.Equal(new ClusterOptions { DataDirectory = "x" }.PortCount, ports.Count);
        Assert.All(state.Processes, p => Assert.Equal(Path.Combine("/tmp/c", "logs", p.Name + ".log"), p.Log));
        Assert.All(state.Processes, p => Assert.Equal(Executable, p.Command.Take(2)));
    }

    [Fact]
    public void Command_lines_follow_the_process_flags()
    {
        var state = Plan(new ClusterOptions { DataDirectory = "/tmp/c", Nodes = 4, Zones = 2, Routers = 1, MemDs = 1 });
        string Args(string name) => string.Join(' ', state.Find(name)!.Command.Skip(2));

        const string meta = "http://127.0.0.1:40000,http://127.0.0.1:40002,http://127.0.0.1:40004";
        Assert.Equal(
            "meta --id 2 --listen 127.0.0.1:40002 --peers 1=http://127.0.0.1:40000,2=http://127.0.0.1:40002,3=http://127.0.0.1:40004 --data-dir /tmp/c/meta-2 --http 127.0.0.1:40003",
            Args("meta-2"));
        Assert.Equal($"memds --listen 127.0.0.1:40006 --meta {meta} --http 127.0.0.1:40007", Args("memds-1"));
        Assert.Equal($"node --id 4 --zone z2 --listen 127.0.0.1:40014 --meta {meta} --data-dir /tmp/c/node-4 --http 127.0.0.1:40015 --initial-partitions 4", Args("node-4"));
        Assert.Equal($"router --host 127.0.0.1 --port 40016 --meta {meta} --memds http://127.0.0.1:40006", Args("router-1"));
        Assert.Equal("Basalt meta 2 listening on ", state.Find("meta-2")!.Readiness);
        Assert.Equal("Basalt memds listening on ", state.Find("memds-1")!.Readiness);
        Assert.Equal("Basalt node 4 listening on ", state.Find("4")!.Readiness);
        Assert.Equal("Basalt listening on ", state.Find("router-1")!.Readiness);
        Assert.Equal("http://127.0.0.1:40016", state.Find("router-1")!.Url);
    }

    [Fact]
    public void A_base_port_gives_consecutive_ports()
    {
        var state = ClusterPlan.Create(
            new ClusterOptions { DataDirectory = "/tmp/c", Nodes = 3, Zones = 3, Routers = 2, BasePort = 20000 },
            Executable,
            () => throw new InvalidOperationException("no free-port lookup with --base-port"));
        var ports = state.Processes.SelectMany(p => p.HttpPort is { } h ? new[] { p.Port, h } : [p.Port]).Order().ToList();
        Assert.Equal(Enumerable.Range(20000, ports.Count), ports);
    }

    [Theory]
    [InlineData(0, 1, 1, 1, 3, "--nodes")]
    [InlineData(2, 3, 1, 1, 3, "--zones cannot exceed")]
    [InlineData(3, 3, 0, 1, 3, "--routers")]
    [InlineData(3, 3, 1, 0, 3, "--memds")]
    [InlineData(3, 3, 1, 1, 2, "--meta")]
    public void Bad_shapes_are_refused(int nodes, int zones, int routers, int memds, int meta, string problem)
    {
        var options = new ClusterOptions { DataDirectory = "/tmp/c", Nodes = nodes, Zones = zones, Routers = routers, MemDs = memds, Meta = meta };
        Assert.Contains(options.Problems(), p => p.StartsWith(problem, StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => Plan(options));
    }

    [Fact]
    public void A_base_port_too_close_to_the_end_is_refused() =>
        Assert.Single(new ClusterOptions { DataDirectory = "/tmp/c", BasePort = 65520 }.Problems());

    [Fact]
    public void The_current_executable_is_dotnet_with_the_entry_assembly_or_the_apphost()
    {
        var executable = ClusterPlan.CurrentExecutable();
        Assert.Equal(Environment.ProcessPath, executable[0]);
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            Assert.EndsWith(".dll", executable[1], StringComparison.Ordinal);
        }
        else
        {
            Assert.Single(executable);
        }
    }
}
