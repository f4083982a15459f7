using System.Net;
using System.Text;
using System.Text.Json;
using Basalt.Api.Cluster;
using Basalt.Protocol.Items.V1;
using Google.Protobuf;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace Basalt.Api.Tests.Cluster;

/// <summary>Storage nodes in cluster mode in this process (in memory, loopback gRPC on port 0), one per zone, and clients of their Items services.</summary>
internal sealed class ClusterNodes : IAsyncDisposable
{
    public const string Region = "us-east-1";

    private readonly Dictionary<ulong, GrpcChannel> _channels = [];
    private readonly List<ClusterNode> _nodes;

    private ClusterNodes(List<ClusterNode> nodes)
    {
        _nodes = nodes;
        foreach (var node in nodes)
        {
            _channels[node.Id] = GrpcChannel.ForAddress(node.Url);
        }
    }

    /// <summary>The running nodes.</summary>
    public IReadOnlyList<ClusterNode> Nodes => _nodes;

    public ClusterNode this[ulong id] => Nodes.Single(n => n.Id == id);

    /// <param name="zones">Zones of nodes 1, 2, ... (default: z1, z2, z3, one node each).</param>
    /// <param name="sweepInterval">The nodes' TTL sweep interval (default: 1 minute).</param>
    public static async Task<ClusterNodes> StartAsync(IReadOnlyList<Uri> meta, int count = 3, int partitions = 1, IReadOnlyList<string>? zones = null, TimeSpan? sweepInterval = null)
    {
        var nodes = new List<ClusterNode>();
        try
        {
            for (var id = 1UL; id <= (ulong)count; id++)
            {
                nodes.Add(await ClusterNode.StartAsync(
                    new ClusterNodeOptions
                    {
                        Id = id,
                        Zone = zones?[(int)id - 1] ?? $"z{id}",
                        Listen = new IPEndPoint(IPAddress.Loopback, 0),
                        Meta = meta,
                        InitialPartitions = partitions,
                        SweepInterval = sweepInterval,
                    },
                    NullLoggerFactory.Instance));
            }
        }
        catch
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            throw;
        }

        return new ClusterNodes(nodes);
    }

    /// <summary>Sends a request as a router would, with the newest map version any node has (the node catches up first).</summary>
    public async Task<ExecuteReply> ExecuteAsync(ulong node, string operation, string body, ulong group = 0)
    {
        var client = new Basalt.Protocol.Items.V1.Items.ItemsClient(_channels[node]);
        return await client.ExecuteAsync(new ExecuteRequest
        {
            Operation = operation,
            Region = Region,
            AccessKeyId = "test",
            Body = ByteString.CopyFromUtf8(body),
            MapVersion = Nodes.Max(n => n.Map.Store.Version),
            Group = group,
        }, cancellationToken: TestContext.Current.CancellationToken);
    }

    /// <summary>Runs an operation that must succeed on <paramref name="node"/>; its response.</summary>
    public async Task<JsonElement> RunAsync(ulong node, string operation, string body)
    {
        var reply = await ExecuteAsync(node, operation, body);
        Assert.Null(reply.Correction);
        Assert.True(reply.Status == 200, $"{operation} on node {node} answered {reply.Status}: {reply.Body.ToStringUtf8()}");
        return JsonDocument.Parse(reply.Body.Memory).RootElement.Clone();
    }

    /// <summary>
    /// Sends a request as a router does: to node 1 first, then wherever route corrections point
    /// (an unknown leader: the next node), until a node answers.
    /// </summary>
    public async Task<(ulong Node, ExecuteReply Reply)> RouteAsync(string operation, string body, ulong group = 0)
    {
        var node = Nodes[0].Id;
        var seen = new List<string>();
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var reply = await ExecuteAsync(node, operation, body, group);
            if (reply.Correction is null)
            {
                return (node, reply);
            }

            seen.Add($"{node}: {reply.Correction}");

            var ids = Nodes.Select(n => n.Id).Order().ToList();
            if (reply.Correction.LeaderNode != 0 && ids.Contains(reply.Correction.LeaderNode))
            {
                node = reply.Correction.LeaderNode;
                continue;
            }

            // No leader known, or a stopped one: wait for a role change in the group (an election), then try the next node.
            var changes = Nodes.Select(n => n.Host.Node.Replica(reply.Correction.Group)?.Changed).OfType<Task>().ToList();
            if (changes.Count > 0)
            {
                await Task.WhenAny(changes).WaitAsync(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            node = ids[(ids.IndexOf(node) + 1) % ids.Count];
        }

        throw new Xunit.Sdk.XunitException($"{operation} found no leader: {string.Join("; ", seen.TakeLast(6))}");
    }

    /// <summary>The error type (after '#') and message of a failed reply.</summary>
    public static (string Type, string Message) Error(ExecuteReply reply)
    {
        using var document = JsonDocument.Parse(reply.Body.Memory);
        var type = document.RootElement.GetProperty("__type").GetString()!;
        return (type[(type.IndexOf('#', StringComparison.Ordinal) + 1)..], document.RootElement.GetProperty("message").GetString()!);
    }

    public static string Json(object value) => JsonSerializer.Serialize(value);

    /// <summary>Stops node <paramref name="id"/> (as a crash looks to the others: it stops answering).</summary>
    public async Task StopAsync(ulong id)
    {
        var node = this[id];
        _nodes.Remove(node);
        await node.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }

        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }
    }

    public static string Utf8(ByteString bytes) => Encoding.UTF8.GetString(bytes.Span);
}
