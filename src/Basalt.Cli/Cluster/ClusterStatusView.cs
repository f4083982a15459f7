using System.Globalization;
using System.Text;
using System.Text.Json;
using Basalt.Protocol.Meta.V1;
using Spectre.Console;

namespace Basalt.Cli.Cluster;

internal sealed record NodeView(ulong Id, string Zone, int? Pid, bool Running, bool Healthy, int Leaders, long LastSeenMs, string? Address);

internal sealed record ReplicaView(ulong Node, string Kind, string Zone);

internal sealed record PartitionView(string Table, ulong TableId, ulong Id, ulong Leader, IReadOnlyList<ReplicaView> Replicas, ulong HashLo, ulong HashLast);

internal sealed record ProcessView(string Name, string Role, int Id, int? Pid, string State, string Url);

/// <summary>
/// What <c>basalt cluster status</c> shows: the meta leader's Status (nodes with health and
/// leader counts, partitions with leaders and replica kinds) merged with cluster.json (each
/// process's pid, when it is alive). As JSON:
/// <c>{"nodes":[{"id":1,"zone":"z1","pid":123,"healthy":true,"leaders":2,...}],"partitions":[{"table":"T","id":65536,"leader":1,"replicas":[{"node":1,"kind":"full",...}],...}],...}</c>
/// (pid is null when the node's process is not running).
/// </summary>
internal sealed record ClusterStatusView(ulong MapVersion, ulong MetaLeader, IReadOnlyList<NodeView> Nodes, IReadOnlyList<PartitionView> Partitions, IReadOnlyList<ProcessView> Processes)
{
    public static ClusterStatusView From(StatusReply? reply, ClusterState? state, Func<int, long, bool> isAlive)
    {
        ArgumentNullException.ThrowIfNull(isAlive);
        var processes = state?.Processes ?? [];
        int? LivePid(ClusterProcess? process) => process is not null && isAlive(process.Pid, process.StartTime) ? process.Pid : null;
        var nodeProcesses = processes.Where(p => p.Role == ClusterRoles.Node).ToDictionary(p => (ulong)p.Id);

        var nodes = new List<NodeView>();
        foreach (var node in reply?.Nodes ?? [])
        {
            nodeProcesses.TryGetValue(node.Id, out var process);
            var pid = process is null ? (node.Pid > 0 && node.Healthy ? node.Pid : null) : LivePid(process);
            nodes.Add(new NodeView(node.Id, node.Zone, pid, pid is not null, node.Healthy, node.Leaders, node.LastSeenMs, node.Address));
        }

        foreach (var (id, process) in nodeProcesses.Where(p => nodes.All(n => n.Id != p.Key)))
        {
            var pid = LivePid(process);
            nodes.Add(new NodeView(id, process.Zone ?? "", pid, pid is not null, Healthy: false, Leaders: 0, LastSeenMs: -1, process.Url));
        }

        var partitions = (reply?.Partitions ?? []).Select(p => new PartitionView(
            p.Table, p.TableId, p.Group, p.Leader, [.. p.Replicas.Select(r => new ReplicaView(r.Node, r.Kind, r.Zone))], p.HashLo, p.HashLast)).ToList();
        var views = processes.Select(p =>
        {
            var pid = LivePid(p);
            return new ProcessView(p.Name, p.Role, p.Id, pid, pid is null && p.State == ProcessStates.Running ? "exited" : p.State, p.Url);
        }).ToList();
        return new ClusterStatusView(reply?.MapVersion ?? 0, reply?.MetaLeader ?? 0, [.. nodes.OrderBy(n => n.Id)], partitions, views);
    }

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("nodes");
            foreach (var node in Nodes)
            {
                json.WriteStartObject();
                json.WriteNumber("id", node.Id);
                json.WriteString("zone", node.Zone);
                if (node.Pid is { } pid)
                {
                    json.WriteNumber("pid", pid);
                }
                else
                {
                    json.WriteNull("pid");
                }

                json.WriteBoolean("healthy", node.Healthy);
                json.WriteNumber("leaders", node.Leaders);
                json.WriteBoolean("running", node.Running);
                json.WriteNumber("lastSeenMs", node.LastSeenMs);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("partitions");
            foreach (var partition in Partitions)
            {
                json.WriteStartObject();
                json.WriteString("table", partition.Table);
                json.WriteNumber("id", partition.Id);
                json.WriteNumber("leader", partition.Leader);
                json.WriteStartArray("replicas");
                foreach (var replica in partition.Replicas)
                {
                    json.WriteStartObject();
                    json.WriteNumber("node", replica.Node);
                    json.WriteString("kind", replica.Kind);
                    json.WriteString("zone", replica.Zone);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteNumber("tableId", partition.TableId);
                json.WriteNumber("hashLo", partition.HashLo);
                json.WriteNumber("hashLast", partition.HashLast);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("processes");
            foreach (var process in Processes)
            {
                json.WriteStartObject();
                json.WriteString("name", process.Name);
                json.WriteString("role", process.Role);
                json.WriteNumber("id", process.Id);
                if (process.Pid is { } pid)
                {
                    json.WriteNumber("pid", pid);
                }
                else
                {
                    json.WriteNull("pid");
                }

                json.WriteString("state", process.State);
                json.WriteString("url", process.Url);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteNumber("mapVersion", MapVersion);
            json.WriteNumber("metaLeader", MetaLeader);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Nodes, partitions and the other processes as three tables.</summary>
    public void WriteTables(IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

        var nodes = new Table().Border(TableBorder.Rounded).Title("nodes");
        foreach (var column in new[] { "node", "zone", "pid", "healthy", "leaders", "last seen" })
        {
            nodes.AddColumn(column);
        }

        foreach (var node in Nodes)
        {
            nodes.AddRow(
                Text((long)node.Id),
                Markup.Escape(node.Zone),
                node.Pid is { } pid ? Text(pid) : "[grey]not running[/]",
                node.Healthy ? "[green]yes[/]" : "[red]no[/]",
                Text(node.Leaders),
                node.LastSeenMs < 0 ? "never" : Text(node.LastSeenMs) + " ms");
        }

        console.Write(nodes);

        var partitions = new Table().Border(TableBorder.Rounded).Title("partitions");
        foreach (var column in new[] { "table", "partition", "leader", "replicas" })
        {
            partitions.AddColumn(column);
        }

        foreach (var partition in Partitions)
        {
            partitions.AddRow(
                Markup.Escape(partition.Table),
                Text((long)partition.Id),
                partition.Leader == 0 ? "[red]none[/]" : Text((long)partition.Leader),
                string.Join(", ", partition.Replicas.Select(r => $"{Text((long)r.Node)} {r.Kind} ({Markup.Escape(r.Zone)})")));
        }

        console.Write(partitions);

        var others = new Table().Border(TableBorder.Rounded).Title("processes");
        foreach (var column in new[] { "process", "pid", "state", "url" })
        {
            others.AddColumn(column);
        }

        foreach (var process in Processes)
        {
            others.AddRow(process.Name, process.Pid is { } pid ? Text(pid) : "-", process.State, process.Url);
        }

        console.Write(others);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"map version {MapVersion}, meta leader {MetaLeader}"));
    }
}
