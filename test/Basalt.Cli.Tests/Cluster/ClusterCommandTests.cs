using System.CommandLine;
using System.Text.Json;
using Basalt.Cli.Cluster;

namespace Basalt.Cli.Tests.Cluster;

/// <summary>
/// <c>basalt cluster</c> arguments, and <c>status</c>/<c>kill</c>/<c>restart</c>/<c>down</c> on a
/// cluster.json whose "processes" are small shell scripts that print a readiness line and sleep
/// (the real processes are exercised by <see cref="ClusterProcessTests"/>).
/// </summary>
public sealed class ClusterCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "basalt-cluster-cmd-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        if (ClusterState.Load(_directory) is { } state)
        {
            foreach (var process in state.Processes)
            {
                OsProcesses.Signal(process.Pid, process.StartTime, OsProcesses.SigKill);
            }
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var root = new RootCommand { ClusterCommand.Create() };
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var exitCode = await root.Parse(["cluster", .. args]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, Ct);
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>A one-meta, one-node, one-router "cluster" of sleeping shell scripts; meta's port is closed.</summary>
    private ClusterState FakeCluster()
    {
        Directory.CreateDirectory(_directory);
        var state = ClusterPlan.Create(
            new ClusterOptions { DataDirectory = _directory, Nodes = 1, Zones = 1, Routers = 1, MemDs = 1, Meta = 1 }, ["basalt"], ClusterPlan.FreePort);
        var processes = state.Processes.Select(p => new ClusterProcess
        {
            Name = p.Name, Role = p.Role, Id = p.Id, Zone = p.Zone, Host = p.Host, Port = p.Port, HttpPort = p.HttpPort, Log = p.Log, Readiness = p.Readiness,
            Command = ["/bin/sh", "-c", $"echo starting; echo '{p.Readiness}http://{p.Host}:{p.Port}'; exec sleep 600"],
        }).ToList();
        var fake = new ClusterState { DataDirectory = state.DataDirectory, Zones = 1, Processes = processes };
        fake.Save();
        return fake;
    }

    [Theory]
    [InlineData("up --nodes 2 --zones 3", "--zones cannot exceed --nodes")]
    [InlineData("up --meta 2", "--meta must be an odd number")]
    [InlineData("up --base-port 65530", "--base-port must leave")]
    [InlineData("kill", "NODE")]
    public async Task Bad_arguments_are_refused(string args, string message)
    {
        var (exitCode, _, error) = await RunAsync([.. args.Split(' '), "--data-dir", _directory]);
        Assert.NotEqual(0, exitCode);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(File.Exists(ClusterState.PathIn(_directory)));
    }

    [Theory]
    [InlineData("status")]
    [InlineData("kill 1")]
    [InlineData("restart 1")]
    [InlineData("down")]
    public async Task Commands_without_a_cluster_say_so(string args)
    {
        var (exitCode, _, error) = await RunAsync([.. args.Split(' '), "--data-dir", _directory]);
        Assert.Equal(2, exitCode);
        Assert.Contains("no cluster in", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_kill_status_and_down_work_on_the_recorded_processes()
    {
        FakeCluster();

        var (exitCode, output, error) = await RunAsync("restart", "1", "--data-dir", _directory);
        Assert.True(exitCode == 0, error);
        Assert.Contains("node-1 (pid ", output, StringComparison.Ordinal);
        Assert.Contains("ready: Basalt node 1 listening on http://", output, StringComparison.Ordinal);
        var node = ClusterState.Load(_directory)!.Find("1")!;
        Assert.True(OsProcesses.IsAlive(node.Pid, node.StartTime));
        Assert.Equal(ProcessStates.Running, node.State);
        Assert.Contains("starting", await File.ReadAllTextAsync(node.Log, Ct), StringComparison.Ordinal);

        (exitCode, _, error) = await RunAsync("restart", "node-1", "--data-dir", _directory);
        Assert.Equal(1, exitCode);
        Assert.Contains("is running", error, StringComparison.Ordinal);

        Assert.Equal(0, (await RunAsync("restart", "router-1", "--data-dir", _directory)).ExitCode);

        // Meta does not answer (nothing listens on its port): status still lists the processes, exit code 1.
        (exitCode, output, error) = await RunAsync("status", "--json", "--data-dir", _directory);
        Assert.Equal(1, exitCode);
        Assert.Contains("no meta member answered", error, StringComparison.Ordinal);
        using (var document = JsonDocument.Parse(output))
        {
            var nodes = document.RootElement.GetProperty("nodes").EnumerateArray().ToList();
            Assert.Equal(node.Pid, Assert.Single(nodes).GetProperty("pid").GetInt32());
            Assert.False(nodes[0].GetProperty("healthy").GetBoolean());
        }

        (exitCode, output, error) = await RunAsync("kill", "1", "--data-dir", _directory);
        Assert.True(exitCode == 0, error);
        Assert.Equal($"node-1 (pid {node.Pid}) killed\n", output);
        Assert.False(OsProcesses.IsAlive(node.Pid, node.StartTime));
        Assert.Equal(ProcessStates.Killed, ClusterState.Load(_directory)!.Find("1")!.State);

        (exitCode, _, error) = await RunAsync("kill", "1", "--data-dir", _directory);
        Assert.Equal(1, exitCode);
        Assert.Contains("not running", error, StringComparison.Ordinal);

        (exitCode, _, error) = await RunAsync("kill", "7", "--data-dir", _directory);
        Assert.Equal(2, exitCode);
        Assert.Contains("no process '7'", error, StringComparison.Ordinal);

        var router = ClusterState.Load(_directory)!.Find("router-1")!;
        (exitCode, output, _) = await RunAsync("down", "--data-dir", _directory);
        Assert.Equal(0, exitCode);
        Assert.Equal("cluster stopped\n", output);
        Assert.False(OsProcesses.IsAlive(router.Pid, router.StartTime));
        Assert.Equal(ProcessStates.Stopped, ClusterState.Load(_directory)!.Find("router-1")!.State);
    }

    [Fact]
    public async Task Restart_reports_a_process_that_exits_before_it_is_ready()
    {
        var state = FakeCluster();
        var broken = state.Find("1")!;
        state.Processes[state.Processes.IndexOf(broken)] = new ClusterProcess
        {
            Name = broken.Name, Role = broken.Role, Id = broken.Id, Host = broken.Host, Port = broken.Port, Log = broken.Log, Readiness = broken.Readiness,
            Command = ["/bin/sh", "-c", "echo 'cannot open the data directory' >&2; exit 3"],
        };
        state.Save();

        var (exitCode, _, error) = await RunAsync("restart", "1", "--data-dir", _directory);
        Assert.Equal(1, exitCode);
        Assert.Contains("node-1 exited with code 3 before it was ready", error, StringComparison.Ordinal);
        Assert.Contains("cannot open the data directory", error, StringComparison.Ordinal);
        Assert.Equal(ProcessStates.Failed, ClusterState.Load(_directory)!.Find("1")!.State);
    }

    [Fact]
    public async Task Up_refuses_a_directory_whose_cluster_is_up()
    {
        var state = FakeCluster();
        state.SupervisorPid = Environment.ProcessId;
        state.SupervisorStartTime = OsProcesses.StartTimeOf(Environment.ProcessId)!.Value;
        state.Save();

        var (exitCode, _, error) = await RunAsync("up", "--nodes", "1", "--zones", "1", "--routers", "1", "--memds", "1", "--meta", "1", "--data-dir", _directory);
        Assert.Equal(2, exitCode);
        Assert.Contains($"a cluster is already up in {_directory} (supervisor pid {Environment.ProcessId})", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_refuses_another_shape_or_running_processes()
    {
        FakeCluster();
        var (exitCode, _, error) = await RunAsync("up", "--nodes", "3", "--zones", "1", "--routers", "1", "--memds", "1", "--meta", "1", "--data-dir", _directory);
        Assert.Equal(2, exitCode);
        Assert.Contains("holds a cluster of 1 nodes in 1 zones, 1 routers, 1 MemDS and 1 meta members", error, StringComparison.Ordinal);

        Assert.Equal(0, (await RunAsync("restart", "router-1", "--data-dir", _directory)).ExitCode);
        (exitCode, _, error) = await RunAsync("up", "--nodes", "1", "--zones", "1", "--routers", "1", "--memds", "1", "--meta", "1", "--data-dir", _directory);
        Assert.Equal(2, exitCode);
        Assert.Contains("still run (router-1)", error, StringComparison.Ordinal);
    }
}
