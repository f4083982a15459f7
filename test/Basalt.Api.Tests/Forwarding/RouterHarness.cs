using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Basalt.Api.Forwarding;
using Basalt.Api.Http;
using Basalt.Api.Protocol;
using Basalt.Api.Replicas;
using Basalt.Api.Tables;
using Basalt.Metadata.Model;
using Basalt.Model;
using Basalt.Protocol.Items.V1;
using Basalt.Router.Forwarding;
using Basalt.Router.Routing;
using Google.Protobuf;

namespace Basalt.Api.Tests.Forwarding;

/// <summary>
/// The router's operations over fake storage nodes: every node id answers from one in-process
/// database (as its Items service would), MemDS answers from that database's catalog with one
/// partition per group, and a test may make a node answer with a route correction first.
/// </summary>
internal sealed class RouterHarness : INodeExecutor, ITableDirectory, IMemDsClient
{
    private readonly IReadOnlyList<IOperation> _operations;

    public RouterHarness(LocalNode node, int nodes = 3)
    {
        Node = node;
        NodeCount = nodes;
        Directory = new NodeDirectory(TimeProvider.System);
        for (ulong id = 1; id <= (ulong)nodes; id++)
        {
            Directory.Learn(id, "http://node-" + id);
        }

        Forwarder = new Forwarder(new RouteCache(this), Directory, this, TimeProvider.System) { FirstBackoff = TimeSpan.Zero };
        Requests = new RequestForwarder(Forwarder, new ClusterTables(this, Directory, TimeProvider.System, info => Definition(info.Name)));
        _operations = RouterOperations.Create(Requests);
    }

    public LocalNode Node { get; }

    public int NodeCount { get; }

    public NodeDirectory Directory { get; }

    public Forwarder Forwarder { get; }

    public RequestForwarder Requests { get; }

    /// <summary>Calls each node received, in order (node id, operation, group).</summary>
    public List<(ulong Node, string Operation, ulong Group)> Calls { get; } = [];

    /// <summary>When set, decides whether a call is answered with a correction (and which leader it names).</summary>
    public Func<ulong, ExecuteRequest, Basalt.Protocol.Items.V1.RouteCorrection?>? Corrections { get; set; }

    /// <summary>When set, answers a call in place of the database (null: the database answers).</summary>
    public Func<ulong, ExecuteRequest, ExecuteReply?>? Override { get; set; }

    /// <summary>Nodes that fail every call (dead).</summary>
    public HashSet<ulong> Dead { get; } = [];

    /// <summary>Which node leads every partition (the leader hint MemDS gives).</summary>
    public ulong Leader { get; set; } = 1;

    public async Task<(int Status, JsonElement Body)> RunAsync(string operation, string body)
    {
        using var document = JsonDocument.Parse(body);
        var context = new RequestContext(document.RootElement, LocalNode.Region, "test", CancellationToken.None);
        using var response = new ResponseBuffer();
        var status = 200;
        try
        {
            response.Writer.WriteStartObject();
            await _operations.Single(o => o.Name == operation).ExecuteAsync(context, response.Writer);
            response.Writer.WriteEndObject();
        }
        catch (DynamoDbException error)
        {
            status = error.StatusCode;
            response.Reset();
            ErrorBody.Write(response.Writer, error);
        }

        response.Writer.Flush();
        return (status, JsonDocument.Parse(response.Buffer.WrittenMemory.ToArray()).RootElement.Clone());
    }

    public async Task<JsonElement> RunOkAsync(string operation, string body)
    {
        var (status, answer) = await RunAsync(operation, body);
        Assert.True(status == 200, $"{operation} answered {status}: {answer}");
        return answer;
    }

    public async Task<ExecuteReply> ExecuteAsync(ulong nodeId, string address, ExecuteRequest request, CancellationToken cancellationToken)
    {
        lock (Calls)
        {
            Calls.Add((nodeId, request.Operation, request.Group));
        }

        if (Dead.Contains(nodeId))
        {
            throw new NodeUnreachableException("node " + nodeId + " is dead");
        }

        if (Corrections?.Invoke(nodeId, request) is { } correction)
        {
            return new ExecuteReply { Correction = correction };
        }

        if (Override?.Invoke(nodeId, request) is { } answer)
        {
            return answer;
        }

        var (status, body) = await Node.ExecuteAsync(request.Operation, request.Body.Memory, request.Group, request.Region);
        return new ExecuteReply { Status = status, Body = ByteString.CopyFrom(body) };
    }

    public ValueTask<TableRoute?> FindAsync(string region, string name, CancellationToken cancellationToken = default)
    {
        var table = Node.Database.Catalog.Find(region, name);
        return new ValueTask<TableRoute?>(table is null ? null : Route(table));
    }

    public ValueTask<PartitionInfo?> LookupAsync(ulong tableId, ulong keyHash, CancellationToken cancellationToken = default)
    {
        var table = Node.Database.Catalog.List(LocalNode.Region).FirstOrDefault(t => t.Id == tableId);
        return new ValueTask<PartitionInfo?>(table is null ? null : Route(table).Partitions.First(p => p.Range.Contains(keyHash)));
    }

    private TableDefinition Definition(string name) => Node.Database.Catalog.GetForItems(LocalNode.Region, name);

    private TableRoute Route(TableDefinition table)
    {
        var replicas = Enumerable.Range(1, NodeCount).Select(i => new ReplicaInfo((ulong)i, "z" + i, ReplicaKind.Full)).ToImmutableArray();
        var partitions = Enumerable.Range(0, table.PartitionCount)
            .Select(i => new PartitionInfo(table.Id, PartitionRouting.GroupId(table.Id, i), ShareScope.RangeOf(table.PartitionCount, i), replicas, Leader, 1))
            .ToList();
        var info = new TableInfo(table.Region, table.Name, table.Id, Encoding.UTF8.GetBytes(table.Name), 1);
        return new TableRoute(info, partitions, [], 1);
    }
}
