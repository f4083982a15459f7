using Basalt.Cli.Cluster;

namespace Basalt.Cli.Tests.Cluster;

/// <summary>cluster.json: versioned, round-trips every field, finds processes by node id or name.</summary>
public sealed class ClusterStateTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "basalt-cluster-state-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private ClusterState Sample()
    {
        var next = 30000;
        var state = ClusterPlan.Create(new ClusterOptions { DataDirectory = _directory, Nodes = 3, Zones = 3, Routers = 1, MemDs = 1 }, ["basalt"], () => next++);
        state.Find("2")!.Pid = 4242;
        state.Find("2")!.StartTime = 123456;
        state.Find("2")!.State = ProcessStates.Killed;
        state.SupervisorPid = 99;
        return state;
    }

    [Fact]
    public void Saves_and_loads_every_field()
    {
        var state = Sample();
        state.Save();

        var text = File.ReadAllText(Path.Combine(_directory, "cluster.json"));
        Assert.Contains("\"format\": 1", text, StringComparison.Ordinal);
        var loaded = ClusterState.Load(_directory)!;
        Assert.Equal(state.Serialize(), loaded.Serialize());
        var node = loaded.Find("node-2")!;
        Assert.Equal((4242, 123456L, ProcessStates.Killed, "z2"), (node.Pid, node.StartTime, node.State, node.Zone));
        Assert.Equal(state.Find("2")!.Command, node.Command);
        Assert.Equal(99, loaded.SupervisorPid);
    }

    [Fact]
    public void No_file_is_no_cluster() => Assert.Null(ClusterState.Load(_directory));

    [Theory]
    [InlineData("{\"format\": 2, \"dataDirectory\": \"/x\", \"zones\": 1, \"processes\": []}")]
    [InlineData("{\"dataDirectory\": \"/x\", \"zones\": 1, \"processes\": []}")]
    public void Another_format_is_refused(string text) =>
        Assert.Contains("format 1", Assert.Throws<FormatException>(() => ClusterState.Deserialize(text)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("2", "node-2")]
    [InlineData("02", "node-2")]
    [InlineData("node-3", "node-3")]
    [InlineData("META-1", "meta-1")]
    [InlineData("router-1", "router-1")]
    public void Finds_a_process_by_node_id_or_name(string target, string name) => Assert.Equal(name, Sample().Find(target)!.Name);

    [Theory]
    [InlineData("7")]
    [InlineData("router-9")]
    [InlineData("")]
    public void Finds_nothing_for_an_unknown_target(string target) => Assert.Null(Sample().Find(target));

    [Fact]
    public async Task Updates_under_the_lock_keep_each_change()
    {
        Sample().Save();
        await Task.WhenAll(Enumerable.Range(1, 3).Select(id => Task.Run(() => ClusterStateLock.UpdateAsync(
            _directory, s => s.Find(id.ToString(System.Globalization.CultureInfo.InvariantCulture))!.Pid = 1000 + id, TestContext.Current.CancellationToken))));

        Assert.Equal([1001, 1002, 1003], ClusterState.Load(_directory)!.Nodes.Select(n => n.Pid));
    }
}
