using Basalt.Node.Hosting;
using System.Collections.Concurrent;
using System.Net;
using Basalt.Control.Autoadmin;
using Basalt.Control.Health;
using Basalt.Node.Transport;
using Basalt.Protocol.Meta.V1;
using Basalt.Storage;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;
using MetaProto = Basalt.Protocol.Meta.V1.Meta;

namespace Basalt.Control.Members;

/// <summary>
/// A meta member as a server: its storage engine, Raft transport to the other members, the member
/// loop, and Kestrel serving the Raft transport and the Meta service on one HTTP/2 listener (plus
/// /metrics on an optional HTTP/1.1 one). On the leader it tracks health and runs autoadmin.
/// </summary>
public sealed class MetaServer : IAsyncDisposable
{
    private readonly IStorageEngine _engine;
    private readonly GrpcNodeTransport _transport;
    private readonly WebApplication _app;
    private readonly AutoadminLoop? _autoadmin;
    private readonly ConcurrentDictionary<string, GrpcChannel> _forward;
    private int _stopped;

    private MetaServer(IStorageEngine engine, GrpcNodeTransport transport, MetaMember member, WebApplication app, Uri url, Uri? httpUrl, AutoadminLoop? autoadmin, ConcurrentDictionary<string, GrpcChannel> forward, HealthBook health)
    {
        _engine = engine;
        _transport = transport;
        Member = member;
        _app = app;
        Url = url;
        HttpUrl = httpUrl;
        _autoadmin = autoadmin;
        _forward = forward;
        Health = health;
    }

    public MetaMember Member { get; }

    /// <summary>Completes (faulted) when the member's loop stops on its own, e.g. after a storage failure.</summary>
    public Task Completion => Member.Completion;

    public HealthBook Health { get; }

    public AutoadminLoop? Autoadmin => _autoadmin;

    /// <summary>The bound gRPC address.</summary>
    public Uri Url { get; }

    public Uri? HttpUrl { get; }

    public static async Task<MetaServer> StartAsync(MetaServerOptions options, Action<ILoggingBuilder>? logging = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var engine = options.DataDirectory is null ? (IStorageEngine)new InMemoryStorageEngine() : RocksDbStorageEngine.Open(options.DataDirectory);
        GrpcNodeTransport? transport = null;
        MetaMember? member = null;
        try
        {
            transport = new GrpcNodeTransport(options.Id, options.Peers, null, options.Time);
            member = await MetaMember.StartAsync(options.Id, options.Peers, new MetaStorage(engine), transport, options.Tick, options.Time, options.CompactionThreshold, cancellationToken).ConfigureAwait(false);
            var health = new HealthBook(options.Time);
            var leaders = new LeaderRecorder(member);
            var registry = Metrics.NewCustomRegistry();
            var metrics = Metrics.WithCustomRegistry(registry);
            var forward = new ConcurrentDictionary<string, GrpcChannel>();
            var serviceOptions = options.Service with { ForwardStatus = (leader, ct) => ForwardStatusAsync(forward, leader, ct) };
            AutoadminLoop? autoadmin = options.Autoadmin
                ? new AutoadminLoop(member, health, new HealingPolicy(new HealingOptions { DetectionWindow = serviceOptions.FailureDetection }), metrics)
                : null;
            var m = member;
            var version = metrics.CreateGauge("basalt_meta_map_version", "The applied partition map version");
            var leading = metrics.CreateGauge("basalt_meta_leader", "1 when this member leads the meta group");
            registry.AddBeforeCollectCallback(() =>
            {
                version.Set(m.Version);
                leading.Set(m.IsLeader ? 1 : 0);
            });
            var setLeaders = metrics.CreateGauge("basalt_meta_set_leader_proposed", "SetLeader commands proposed from heartbeats");
            registry.AddBeforeCollectCallback(() => setLeaders.Set(leaders.Proposed));
            member.LeadershipChanged += leading =>
            {
                health.Reset();
                leaders.Reset();
            };

            var listeners = new ServerListeners();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            logging?.Invoke(builder.Logging);
            builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
            builder.Services.AddSingleton(member);
            builder.Services.AddSingleton(new Basalt.Node.Transport.RaftReceiver(member));
            builder.Services.AddSingleton(health);
            builder.Services.AddSingleton(leaders);
            builder.Services.AddSingleton(serviceOptions);
            builder.Services.AddGrpc();
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Limits.MinRequestBodyDataRate = null;
                listeners.Listen(kestrel, options.Listen, options.Http);
            });
            var app = builder.Build();
            app.MapGrpcService<Basalt.Node.Transport.RaftTransportService>();
            app.MapGrpcService<MetaService>();
            app.Map("/metrics", branch => branch.Run(http => ServerListeners.WriteMetricsAsync(http, registry)));
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            return new MetaServer(engine, transport, member, app, listeners.GrpcUrl, listeners.HttpUrl, autoadmin, forward, health);
        }
        catch
        {
            if (member is not null)
            {
                await member.DisposeAsync().ConfigureAwait(false);
            }

            if (transport is not null)
            {
                await transport.DisposeAsync().ConfigureAwait(false);
            }

            engine.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        if (_autoadmin is not null)
        {
            await _autoadmin.DisposeAsync().ConfigureAwait(false);
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await Member.DisposeAsync().ConfigureAwait(false);
        await _transport.DisposeAsync().ConfigureAwait(false);
        foreach (var channel in _forward.Values)
        {
            channel.Dispose();
        }

        _engine.Dispose();
    }

    private static async Task<StatusReply> ForwardStatusAsync(ConcurrentDictionary<string, GrpcChannel> channels, Uri leader, CancellationToken cancellationToken)
    {
        var channel = channels.GetOrAdd(leader.GetLeftPart(UriPartial.Authority), static (_, u) => GrpcChannel.ForAddress(u), leader);
        var client = new MetaProto.MetaClient(channel);
        var headers = new Grpc.Core.Metadata { { MetaService.ForwardedHeader, "1" } };
        return await client.StatusAsync(new StatusRequest(), headers, DateTime.UtcNow.AddSeconds(2), cancellationToken).ConfigureAwait(false);
    }
}
