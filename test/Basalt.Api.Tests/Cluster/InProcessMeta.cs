using System.Net;
using Basalt.Metadata.Commands;
using Basalt.Metadata.Events;
using Basalt.Metadata.StateMachine;
using Basalt.Protocol.Meta.V1;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Basalt.Api.Tests.Cluster;

/// <summary>
/// A single-member stand-in for the metadata service (a <see cref="PartitionMap"/> without Raft) on
/// loopback gRPC, until the real meta processes land: commands apply at once, heartbeats record
/// leaders, Watch streams every event.
/// </summary>
internal sealed class InProcessMeta : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessMeta(WebApplication app, MetaState state, Uri url)
    {
        _app = app;
        State = state;
        Url = url;
    }

    public Uri Url { get; }

    public MetaState State { get; }

    public static async Task<InProcessMeta> StartAsync()
    {
        var state = new MetaState();
        ListenOptions? bound = null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(state);
        builder.Services.AddGrpc();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l =>
        {
            l.Protocols = HttpProtocols.Http2;
            bound = l;
        }));
        var app = builder.Build();
        app.MapGrpcService<Service>();
        await app.StartAsync();
        return new InProcessMeta(app, state, new Uri($"http://127.0.0.1:{bound!.IPEndPoint!.Port}"));
    }

    public async ValueTask DisposeAsync()
    {
        State.Stop();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal sealed class MetaState
    {
        private readonly Lock _lock = new();
        private readonly List<MapEvent> _events = [];
        private readonly CancellationTokenSource _stopping = new();
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public PartitionMap Map { get; } = new();

        public CancellationToken Stopping => _stopping.Token;

        public void Stop() => _stopping.Cancel();

        public MetaReply Apply(MetaCommand command, ulong tableId = 0)
        {
            lock (_lock)
            {
                var result = Map.Apply(command);
                if (result.Status == ApplyStatus.Rejected)
                {
                    return new MetaReply { Status = MetaStatus.Rejected, Message = result.Error, Version = Map.Version };
                }

                _events.AddRange(result.Events);
                var done = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                done.TrySetResult();
                return new MetaReply { Status = MetaStatus.Ok, Version = Map.Version, TableId = tableId };
            }
        }

        public (List<MapEvent> Events, Task Changed) After(ulong version)
        {
            lock (_lock)
            {
                return ([.. _events.Where(e => e.Version > version)], _changed.Task);
            }
        }

        public PartitionMap Locked(Func<PartitionMap, PartitionMap> read)
        {
            lock (_lock)
            {
                return read(Map);
            }
        }
    }

    private sealed class Service(MetaState state) : Meta.MetaBase
    {
        public override Task<MetaReply> RegisterNode(RegisterNodeRequest request, ServerCallContext context) =>
            Task.FromResult(state.Apply(new RegisterNode(request.NodeId, request.Zone, request.Address)));

        public override Task<HeartbeatReply> Heartbeat(HeartbeatRequest request, ServerCallContext context)
        {
            foreach (var group in request.Groups.Where(g => g.Leader))
            {
                var partition = state.Locked(m => m).FindGroup(group.Group);
                if (partition is not null && partition.LeaderHint != request.NodeId)
                {
                    state.Apply(new SetLeader(group.Group, request.NodeId));
                }
            }

            return Task.FromResult(new HeartbeatReply { Status = MetaStatus.Ok, MapVersion = state.Map.Version });
        }

        public override Task<MetaReply> CreateTable(CreateTableRequest request, ServerCallContext context)
        {
            var reply = state.Apply(new Metadata.Commands.CreateTable(request.Region, request.Name, 0, request.Partitions, request.Replicas, request.Definition.ToByteArray()));
            reply.TableId = state.Map.FindTable(request.Region, request.Name)?.Id ?? 0;
            return Task.FromResult(reply);
        }

        public override Task<MetaReply> UpdateTable(UpdateTableRequest request, ServerCallContext context)
        {
            var id = state.Map.FindTable(request.Region, request.Name)?.Id;
            return Task.FromResult(id is null
                ? new MetaReply { Status = MetaStatus.Rejected, Message = $"table {request.Region}/{request.Name} does not exist" }
                : state.Apply(new Metadata.Commands.UpdateTable(id.Value, request.Definition.ToByteArray()), id.Value));
        }

        public override Task<MetaReply> DeleteTable(DeleteTableRequest request, ServerCallContext context) =>
            Task.FromResult(state.Apply(new Metadata.Commands.DeleteTable(request.Region, request.Name)));

        public override Task<MapSnapshot> GetMap(GetMapRequest request, ServerCallContext context)
        {
            lock (state)
            {
                return Task.FromResult(new MapSnapshot { Version = state.Map.Version, Image = ByteString.CopyFrom(state.Map.Snapshot()) });
            }
        }

        public override async Task Watch(WatchRequest request, IServerStreamWriter<MapChanges> responseStream, ServerCallContext context)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, state.Stopping);
            var after = request.AfterVersion;
            while (!stop.IsCancellationRequested)
            {
                var (events, changed) = state.After(after);
                if (events.Count > 0)
                {
                    var changes = new MapChanges { LatestVersion = events[^1].Version };
                    changes.Events.AddRange(events.Select(e => ByteString.CopyFrom(e.Encode())));
                    await responseStream.WriteAsync(changes, stop.Token);
                    after = events[^1].Version;
                }

                try
                {
                    await changed.WaitAsync(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
