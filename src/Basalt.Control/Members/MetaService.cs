using Basalt.Control.Health;
using Basalt.Metadata.Commands;
using Basalt.Metadata.Events;
using Basalt.Metadata.Model;
using Basalt.Metadata.StateMachine;
using Basalt.Protocol.Meta.V1;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using MetaProto = Basalt.Protocol.Meta.V1.Meta;

namespace Basalt.Control.Members;

/// <summary>
/// The <c>basalt.meta.v1.Meta</c> service of one member. Changes are proposed to the group and
/// answered once applied here (leader only: followers answer NOT_LEADER with the leader's
/// address). GetMap and Watch are served from this member's applied map; Status from the leader's
/// health book (a follower forwards it to the leader).
/// </summary>
public sealed class MetaService(MetaMember member, HealthBook health, LeaderRecorder leaders, MetaServiceOptions options, IHostApplicationLifetime lifetime) : MetaProto.MetaBase
{
    /// <summary>Marks a Status call a follower forwarded (the leader answers it itself).</summary>
    public const string ForwardedHeader = "x-basalt-forwarded";

    public override async Task<MetaReply> RegisterNode(RegisterNodeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        health.RecordHttpAddress(request.NodeId, request.HttpAddress);
        return await ChangeAsync(new RegisterNode(request.NodeId, request.Zone, request.Address), context).ConfigureAwait(false);
    }

    public override async Task<HeartbeatReply> Heartbeat(HeartbeatRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (!member.IsLeader)
        {
            return new HeartbeatReply { Status = MetaStatus.NotLeader, LeaderId = member.Leader, LeaderAddress = member.LeaderAddress?.ToString() ?? string.Empty, MapVersion = member.Version };
        }

        health.Record(request);
        await leaders.ObserveAsync(request, context.CancellationToken).ConfigureAwait(false);
        return new HeartbeatReply { Status = MetaStatus.Ok, MapVersion = member.Version, LeaderId = member.Id };
    }

    public override async Task<MetaReply> CreateTable(CreateTableRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var command = new CreateTable(request.Region, request.Name, 0, request.Partitions, request.Replicas, request.Definition.ToByteArray());
        return await ChangeAsync(command, context).ConfigureAwait(false);
    }

    public override async Task<MetaReply> UpdateTable(UpdateTableRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (!member.IsLeader)
        {
            return NotLeader();
        }

        var id = await member.ReadAsync((map, _) => map.FindTable(request.Region, request.Name)?.Id, context.CancellationToken).ConfigureAwait(false);
        if (id is null)
        {
            return new MetaReply { Status = MetaStatus.Rejected, Message = $"table {request.Region}/{request.Name} does not exist", Version = member.Version };
        }

        var reply = await ChangeAsync(new UpdateTable(id.Value, request.Definition.ToByteArray()), context).ConfigureAwait(false);
        reply.TableId = reply.Status == MetaStatus.Ok ? id.Value : reply.TableId;
        return reply;
    }

    public override Task<MetaReply> DeleteTable(DeleteTableRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ChangeAsync(new DeleteTable(request.Region, request.Name), context);
    }

    public override Task<MapSnapshot> GetMap(GetMapRequest request, ServerCallContext context)
    {
        var bytes = member.Group.SnapshotBytes();
        return Task.FromResult(new MapSnapshot { Version = PartitionMapImage.Decode(bytes).Version, Image = ByteString.CopyFrom(bytes) });
    }

    public override async Task Watch(WatchRequest request, IServerStreamWriter<MapChanges> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        var after = request.AfterVersion;
        var first = true;
        try
        {
            while (!ending.IsCancellationRequested)
            {
                var changed = member.Changed;
                var batch = member.Group.ReadChanges(after, options.WatchBatch);
                if (batch.Truncated || (first && after == 0 && batch.LatestVersion > 0 && batch.Events.Count == 0))
                {
                    var bytes = member.Group.SnapshotBytes();
                    var version = PartitionMapImage.Decode(bytes).Version;
                    await responseStream.WriteAsync(new MapChanges { Snapshot = new MapSnapshot { Version = version, Image = ByteString.CopyFrom(bytes) }, LatestVersion = version }, ending.Token).ConfigureAwait(false);
                    after = version;
                }
                else if (batch.Events.Count > 0)
                {
                    var changes = new MapChanges { LatestVersion = batch.LatestVersion };
                    foreach (var e in batch.Events)
                    {
                        changes.Events.Add(ByteString.CopyFrom(e.Encode()));
                    }

                    await responseStream.WriteAsync(changes, ending.Token).ConfigureAwait(false);
                    after = batch.Events[^1].Version;
                    first = false;
                    continue;
                }
                else if (first)
                {
                    // Tell the reader where the stream stands even when nothing is new.
                    await responseStream.WriteAsync(new MapChanges { LatestVersion = batch.LatestVersion }, ending.Token).ConfigureAwait(false);
                }

                first = false;
                await changed.WaitAsync(ending.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ending.IsCancellationRequested)
        {
            // The reader left or the server stops: end the stream.
        }
    }

    public override async Task<StatusReply> Status(StatusRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!member.IsLeader && member.LeaderAddress is { } leader && options.ForwardStatus is { } forward && context.RequestHeaders.Get(ForwardedHeader) is null)
        {
            try
            {
                return await forward(leader, context.CancellationToken).ConfigureAwait(false);
            }
            catch (RpcException)
            {
                // Fall back to this member's own view.
            }
        }

        var leading = member.IsLeader;
        var now = health.Time.GetUtcNow();
        var beats = health.Snapshot();
        return await member.ReadAsync((map, _) => StatusOf(map, leading, beats, now), context.CancellationToken).ConfigureAwait(false);
    }

    private StatusReply StatusOf(PartitionMap map, bool leading, IReadOnlyDictionary<ulong, NodeHealth> beats, DateTimeOffset now)
    {
        var reply = new StatusReply { MapVersion = map.Version, MetaLeader = member.Leader };
        var leadersPerNode = new Dictionary<ulong, int>();
        foreach (var table in map.Tables)
        {
            foreach (var p in map.PartitionsOf(table.Id))
            {
                if (p.LeaderHint != 0)
                {
                    leadersPerNode[p.LeaderHint] = leadersPerNode.GetValueOrDefault(p.LeaderHint) + 1;
                }

                var status = new PartitionStatus { Table = table.Name, TableId = table.Id, Group = p.GroupId, Leader = p.LeaderHint, HashLo = p.Range.Lo, HashLast = p.Range.Last };
                foreach (var r in p.Replicas)
                {
                    status.Replicas.Add(new ReplicaStatus { Node = r.NodeId, Zone = r.Zone, Kind = r.Kind == ReplicaKind.Log ? "log" : "full" });
                }

                reply.Partitions.Add(status);
            }
        }

        foreach (var node in map.Nodes)
        {
            beats.TryGetValue(node.Id, out var beat);
            reply.Nodes.Add(new NodeStatus
            {
                Id = node.Id,
                Zone = node.Zone,
                Address = node.Address,
                HttpAddress = health.HttpAddress(node.Id),
                Healthy = leading && beat is not null && now - beat.LastSeen <= options.FailureDetection,
                Leaders = leadersPerNode.GetValueOrDefault(node.Id),
                Pid = beat?.Pid ?? 0,
                LastSeenMs = beat is null ? -1 : (long)(now - beat.LastSeen).TotalMilliseconds,
            });
        }

        return reply;
    }

    private MetaReply NotLeader() => new()
    {
        Status = MetaStatus.NotLeader,
        LeaderId = member.Leader,
        LeaderAddress = member.LeaderAddress?.ToString() ?? string.Empty,
        Version = member.Version,
    };

    private async Task<MetaReply> ChangeAsync(MetaCommand command, ServerCallContext context)
    {
        if (!member.IsLeader)
        {
            return NotLeader();
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        timeout.CancelAfter(options.ProposalTimeout);
        ApplyResult? result;
        try
        {
            result = await member.ProposeAsync(command, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
        {
            return new MetaReply { Status = MetaStatus.Unavailable, Message = "the proposal's outcome is unknown (timed out); retry", Version = member.Version };
        }

        if (result is null)
        {
            var reply = NotLeader();
            if (reply.LeaderId == member.Id || reply.LeaderId == 0)
            {
                reply.Status = MetaStatus.Unavailable;
                reply.Message = "leadership changed; retry";
            }

            return reply;
        }

        return result.Status switch
        {
            ApplyStatus.Rejected => new MetaReply { Status = MetaStatus.Rejected, Message = result.Error ?? "rejected", Version = member.Version },
            _ => new MetaReply { Status = MetaStatus.Ok, Version = result.Events.Count > 0 ? result.Events[^1].Version : member.Version, TableId = TableIdOf(result) },
        };
    }

    private static ulong TableIdOf(ApplyResult result) =>
        result.Events.OfType<TableCreated>().Select(e => e.Table.Id).FirstOrDefault();
}
