using Basalt.Api.Operations;
using Basalt.Api.Protocol;
using Basalt.Control.Client;
using Basalt.Node.Hosting;
using Basalt.Protocol.Meta.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Basalt.Api.Cluster;

/// <summary>
/// A storage node in cluster mode (<c>basalt node --meta URLS</c>): the node host (storage, Raft
/// transport, gRPC listener) serving the <c>Items</c> service, registered with the metadata service,
/// following its partition map, hosting the replicas the map places here, heartbeating the roles of
/// its groups every <see cref="ClusterNodeOptions.HeartbeatInterval"/>, and running the same
/// operations as <c>basalt serve</c> over a <see cref="Database"/> in cluster mode.
/// </summary>
public sealed partial class ClusterNode : IAsyncDisposable
{
    private readonly NodeHost _host;
    private readonly MetaClient _client;
    private readonly MetaClientMetadata _meta;
    private readonly MetaClient _heartbeats;
    private readonly MapFollower _follower;
    private readonly FollowedClusterMap _map;
    private readonly CancellationTokenSource _stop = new();
    private readonly ILogger _logger;
    private readonly TimeSpan _heartbeatInterval;
    private Task _reconcile = Task.CompletedTask;
    private Task _heartbeat = Task.CompletedTask;
    private Database? _database;
    private int _stopped;

    private ClusterNode(NodeHost host, IReadOnlyList<Uri> members, ILogger logger, TimeSpan heartbeatInterval)
    {
        _host = host;
        _client = new MetaClient(members);
        _meta = new MetaClientMetadata(_client);

        // A heartbeat that finds no meta leader gives up quickly: the next one is due soon.
        _heartbeats = new MetaClient(members, new MetaClientOptions { CallTimeout = heartbeatInterval * 2, RetryBudget = heartbeatInterval * 2 });
        _follower = new MapFollower(_client);
        _map = new FollowedClusterMap(_follower);
        _logger = logger;
        _heartbeatInterval = heartbeatInterval;
    }

    public ulong Id => _host.Node.Id;

    /// <summary>The gRPC address of the node (Raft peers and routers).</summary>
    public Uri Url => _host.Url;

    public Uri? HttpUrl => _host.HttpUrl;

    public NodeHost Host => _host;

    public IClusterMap Map => _map;

    public Database Database => _database ?? throw new InvalidOperationException("The node has not joined the cluster.");

    public ClusterReplicas Replicas => (ClusterReplicas)Database.Replicas;

    /// <summary>Completes when the node's processing loop ends (a storage failure stops it).</summary>
    public Task Completion => _host.Completion;

    /// <summary>Starts the node, registers it with the metadata service, and returns once it follows the map and serves.</summary>
    public static async Task<ClusterNode> StartAsync(ClusterNodeOptions options, ILoggerFactory loggers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        var gateway = new ItemsGateway();
        var host = await NodeHost.StartAsync(
            new NodeHostOptions
            {
                Id = options.Id,
                Listen = options.Listen,
                Peers = new Dictionary<ulong, Uri>(),
                DataDirectory = options.DataDirectory,
                Zone = options.Zone,
                Http = options.Http,
                Node = options.Node,
                Transport = options.Transport,
                Services = services => services.AddSingleton(gateway),
                Map = app => app.MapGrpcService<ItemsService>(),
            },
            loggers,
            cancellationToken).ConfigureAwait(false);
        var node = new ClusterNode(host, options.Meta, loggers.CreateLogger<ClusterNode>(), options.HeartbeatInterval);
        var meta = node._meta;
        var map = node._map;
        try
        {
            var registration = new RegisterNodeRequest
            {
                NodeId = options.Id,
                Zone = options.Zone,
                Address = host.Url.ToString().TrimEnd('/'),
                HttpAddress = host.HttpUrl?.ToString().TrimEnd('/') ?? string.Empty,
            };

            // A node may start before the meta group has a leader: it keeps trying until cancelled.
            MetaReply registered;
            do
            {
                registered = await meta.RegisterNodeAsync(registration, cancellationToken).ConfigureAwait(false);
            }
            while (registered.Status is MetaStatus.Unavailable or MetaStatus.NotLeader);

            if (registered.Status != MetaStatus.Ok)
            {
                throw new InvalidOperationException($"The metadata service did not register node {options.Id}: {registered.Status} {registered.Message}");
            }

            node._follower.Start();
            await map.WaitForVersionAsync(registered.Version, cancellationToken).ConfigureAwait(false);
            host.Node.SnapshotScope = new ClusterSnapshotScope(map);
            var replicas = new ClusterReplicas(host.Node, host.Transport, map, TimeProvider.System);
            var catalog = new ClusterTableCatalog(map, meta, options.ReplicaCount);
            var database = Database.OpenCluster(replicas, catalog, TimeProvider.System, new DatabaseOptions
            {
                InitialPartitions = options.InitialPartitions,
                Node = options.Node,
                SweepInterval = options.SweepInterval,
            });
            node._database = database;
            await replicas.ReconcileAsync().ConfigureAwait(false);
            gateway.Executor = new ItemsExecutor(database, new OperationRegistry(OperationCatalog.Create(database)), map, loggers.CreateLogger<ItemsExecutor>());
            node._reconcile = Task.Run(() => node.ReconcileLoopAsync(replicas, node._stop.Token), CancellationToken.None);
            node._heartbeat = Task.Run(() => node.HeartbeatLoopAsync(node._stop.Token), CancellationToken.None);
            return node;
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>This node's groups as a heartbeat reports them.</summary>
    public HeartbeatRequest HeartbeatState()
    {
        var request = new HeartbeatRequest { NodeId = Id, MapVersion = _map.Store.Version, Pid = Environment.ProcessId };
        foreach (var replica in _host.Node.Replicas)
        {
            var membership = replica.Membership;
            var state = new GroupState
            {
                Group = replica.Group,
                Leader = replica.IsServing,
                Term = replica.Term,
                Applied = replica.AppliedIndex,
                Commit = replica.CommitIndex,
                Kind = replica.HoldsData ? "full" : "log",
            };
            state.Voters.Add(membership.Voters);
            state.LogReplicas.Add(membership.LogReplicas);
            state.Learners.Add(membership.Learners);
            request.Groups.Add(state);
        }

        return request;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var loop in new[] { _reconcile, _heartbeat })
        {
            try
            {
                await loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        await _follower.DisposeAsync().ConfigureAwait(false);
        _database?.Dispose();
        await _host.DisposeAsync().ConfigureAwait(false);
        _client.Dispose();
        _heartbeats.Dispose();
        _stop.Dispose();
    }

    private async Task ReconcileLoopAsync(ClusterReplicas replicas, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var changed = _map.Changed;
            try
            {
                await replicas.ReconcileAsync().ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The loop must outlive a failed pass: the next map change retries.
            catch (Exception error) when (!stop.IsCancellationRequested)
#pragma warning restore CA1031
            {
                LogReconcileFailed(_logger, error, Id);
            }

            await changed.WaitAsync(stop).ConfigureAwait(false);
        }
    }

    private async Task HeartbeatLoopAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_heartbeatInterval);
        do
        {
            try
            {
                // Membership steps (healing) take several rounds: the leaders move them on at each beat.
                Replicas.StepMemberships();
                await _heartbeats.HeartbeatAsync(HeartbeatState(), stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A missed heartbeat is retried at the next interval.
            catch (Exception error)
#pragma warning restore CA1031
            {
                LogHeartbeatFailed(_logger, error, Id);
            }
        }
        while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {NodeId} could not bring its replicas in line with the partition map")]
    private static partial void LogReconcileFailed(ILogger logger, Exception error, ulong nodeId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Node {NodeId} missed a heartbeat")]
    private static partial void LogHeartbeatFailed(ILogger logger, Exception error, ulong nodeId);
}
