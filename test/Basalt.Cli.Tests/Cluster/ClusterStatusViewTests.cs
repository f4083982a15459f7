using System.Text.Json;
using Basalt.Cli.Cluster;
using Basalt.Protocol.Meta.V1;
using Spectre.Console;

namespace Basalt.Cli.Tests.Cluster;

/// <summary><c>cluster status</c> from a canned meta Status reply merged with cluster.json's pids.</summary>
public sealed class ClusterStatusViewTests
{
    private static StatusReply Reply()
    {
        var reply = new StatusReply { MapVersion = 17, MetaLeader = 2 };
        reply.Nodes.Add(new NodeStatus { Id = 1, Zone = "z1", Address = "http://127.0.0.1:1", Healthy = true, Leaders = 2, Pid = 555, LastSeenMs = 120 });
        reply.Nodes.Add(new NodeStatus { Id = 2, Zone = "z2", Address = "http://127.0.0.1:2", Healthy = false, Leaders = 0, Pid = 556, LastSeenMs = 4000 });
        var partition = new PartitionStatus { Table = "T", TableId = 1, Group = 65536, Leader = 1, HashLo = 0, HashLast = ulong.MaxValue };
        partition.Replicas.Add(new ReplicaStatus { Node = 1, Zone = "z1", Kind = "full" });
        partition.Replicas.Add(new ReplicaStatus { Node = 2, Zone = "z2", Kind = "log" });
        reply.Partitions.Add(partition);
        return reply;
    }

    private static ClusterState State()
    {
        var next = 30000;
        var state = ClusterPlan.Create(new ClusterOptions { DataDirectory = "/tmp/c", Nodes = 3, Zones = 3, Routers = 1, MemDs = 1, Meta = 1 }, ["basalt"], () => next++);
        foreach (var (process, pid) in state.Processes.Select((p, i) => (p, 100 + i)))
        {
            process.Pid = pid;
            process.State = ProcessStates.Running;
        }

        state.Find("2")!.State = ProcessStates.Killed;
        return state;
    }

    /// <summary>Every recorded process is alive except node 2 (killed) and node 3 (exited on its own).</summary>
    private static bool IsAlive(int pid, long startTime) => pid is not (103 or 104);

    [Fact]
    public void Json_has_the_documented_shape()
    {
        var json = ClusterStatusView.From(Reply(), State(), IsAlive).ToJson();

        Assert.StartsWith(
            "{\"nodes\":[{\"id\":1,\"zone\":\"z1\",\"pid\":102,\"healthy\":true,\"leaders\":2,\"running\":true,\"lastSeenMs\":120}," +
            "{\"id\":2,\"zone\":\"z2\",\"pid\":null,\"healthy\":false,\"leaders\":0,\"running\":false,\"lastSeenMs\":4000}," +
            "{\"id\":3,\"zone\":\"z3\",\"pid\":null,\"healthy\":false,\"leaders\":0,\"running\":false,\"lastSeenMs\":-1}]," +
            "\"partitions\":[{\"table\":\"T\",\"id\":65536,\"leader\":1,\"replicas\":[{\"node\":1,\"kind\":\"full\",\"zone\":\"z1\"},{\"node\":2,\"kind\":\"log\",\"zone\":\"z2\"}],\"tableId\":1,\"hashLo\":0,\"hashLast\":18446744073709551615}]," +
            "\"processes\":[{\"name\":\"meta-1\",\"role\":\"meta\",\"id\":1,\"pid\":100,\"state\":\"running\",\"url\":\"http://127.0.0.1:30000\"},",
            json,
            StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        var processes = document.RootElement.GetProperty("processes").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Equal("killed", processes["node-2"].GetProperty("state").GetString());
        Assert.Equal("exited", processes["node-3"].GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, processes["node-3"].GetProperty("pid").ValueKind);
        Assert.Equal(17UL, document.RootElement.GetProperty("mapVersion").GetUInt64());
        Assert.Equal(2UL, document.RootElement.GetProperty("metaLeader").GetUInt64());
    }

    [Fact]
    public void Without_meta_the_nodes_come_from_the_state_file()
    {
        var view = ClusterStatusView.From(null, State(), IsAlive);

        Assert.Equal([1UL, 2UL, 3UL], view.Nodes.Select(n => n.Id));
        Assert.All(view.Nodes, n => Assert.False(n.Healthy));
        Assert.Equal([102, null, null], view.Nodes.Select(n => n.Pid));
        Assert.Empty(view.Partitions);
    }

    [Fact]
    public void A_node_only_meta_knows_keeps_metas_pid_while_healthy()
    {
        var reply = Reply();
        reply.Nodes.Add(new NodeStatus { Id = 9, Zone = "z3", Healthy = true, Leaders = 1, Pid = 777 });
        var view = ClusterStatusView.From(reply, State(), IsAlive);
        Assert.Equal(777, view.Nodes.Single(n => n.Id == 9).Pid);
    }

    [Fact]
    public void Tables_show_nodes_partitions_and_processes()
    {
        using var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 160;
        ClusterStatusView.From(Reply(), State(), IsAlive).WriteTables(console);

        var text = output.ToString();
        Assert.Contains("not running", text, StringComparison.Ordinal);
        Assert.Contains("1 full (z1), 2 log (z2)", text, StringComparison.Ordinal);
        Assert.Contains("router-1", text, StringComparison.Ordinal);
        Assert.Contains("map version 17, meta leader 2", text, StringComparison.Ordinal);
    }
}
