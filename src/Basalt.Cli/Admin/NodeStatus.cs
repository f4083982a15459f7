using System.Globalization;
using System.Text.Json;

namespace Basalt.Cli.Admin;

/// <summary>One storage node of a server, as <c>GET /_basalt/nodes</c> reports it.</summary>
internal sealed record NodeStatus(ulong Id, bool Running, int Replicas, int Leaders)
{
    /// <summary>Reads the endpoint's JSON: <c>{"nodes":[{"id":1,"running":true,"replicas":4,"leaders":4},...]}</c>.</summary>
    public static IReadOnlyList<NodeStatus> ParseList(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("nodes").EnumerateArray().Select(node => new NodeStatus(
            node.GetProperty("id").GetUInt64(),
            node.GetProperty("running").GetBoolean(),
            node.GetProperty("replicas").GetInt32(),
            node.GetProperty("leaders").GetInt32()))];
    }

    /// <summary>Writes the nodes as an aligned plain-text table (one header line, one line per node).</summary>
    public static void WriteTable(TextWriter output, IReadOnlyList<NodeStatus> nodes)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(nodes);
        output.WriteLine("node  state    replicas  leaders");
        foreach (var node in nodes)
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{node.Id,-4}  {(node.Running ? "running" : "stopped"),-7}  {node.Replicas,8}  {node.Leaders,7}"));
        }
    }
}
