using Basalt.Node.Hosting;
using System.Net;
using Basalt.Control.Client;
using Basalt.Control.Members;
using Basalt.Metadata.MemDs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Basalt.Control.MemDs;

/// <summary>
/// A MemDS process: a <see cref="MemDsStore"/> kept current by a <see cref="MapFollower"/> on the
/// meta members, served as the MemDs gRPC service (HTTP/2 without TLS), with /metrics on an
/// optional HTTP/1.1 endpoint.
/// </summary>
public sealed class MemDsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly MetaClient _meta;
    private int _stopped;

    private MemDsServer(WebApplication app, MetaClient meta, MapFollower follower, MemDsMetrics metrics, Uri url, Uri? httpUrl)
    {
        _app = app;
        _meta = meta;
        Follower = follower;
        Metrics = metrics;
        Url = url;
        HttpUrl = httpUrl;
    }

    /// <summary>How long start-up waits for the first answer from a meta member before serving anyway.</summary>
    public static TimeSpan SyncWait { get; } = TimeSpan.FromSeconds(10);

    public MapFollower Follower { get; }

    public MemDsMetrics Metrics { get; }

    public Uri Url { get; }

    public Uri? HttpUrl { get; }

    public static async Task<MemDsServer> StartAsync(IPEndPoint listen, IReadOnlyList<Uri> meta, IPEndPoint? http = null, Action<ILoggingBuilder>? logging = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listen);
        var client = new MetaClient(meta);
        var follower = new MapFollower(client);
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var metrics = new MemDsMetrics(Prometheus.Metrics.WithCustomRegistry(registry));
        registry.AddBeforeCollectCallback(() => metrics.MapVersion.Set(follower.Store.Version));
        var listeners = new ServerListeners();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton(follower.Store);
        builder.Services.AddSingleton(metrics);
        builder.Services.AddGrpc();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            listeners.Listen(kestrel, listen, http);
        });
        var app = builder.Build();
        app.MapGrpcService<MemDsService>();
        app.Map("/metrics", branch => branch.Run(ctx => ServerListeners.WriteMetricsAsync(ctx, registry)));
        follower.Start();
        try
        {
            // Serve once the map is loaded, or after a bounded wait when no member answers yet (it keeps trying).
            await Task.WhenAny(follower.Synced, Task.Delay(SyncWait, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await follower.DisposeAsync().ConfigureAwait(false);
            client.Dispose();
            throw;
        }

        return new MemDsServer(app, client, follower, metrics, listeners.GrpcUrl, listeners.HttpUrl);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await Follower.DisposeAsync().ConfigureAwait(false);
        _meta.Dispose();
    }
}
