using System.Net;
using Basalt.Api.Auth;
using Basalt.Api.Http;
using Basalt.Api.Protocol;
using Basalt.Api.Tables;
using Basalt.Metadata.Model;
using Basalt.Router.Forwarding;
using Basalt.Router.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Basalt.Api.Forwarding;

/// <summary>Settings of a <see cref="RouterServer"/>.</summary>
public sealed class RouterServerOptions
{
    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 8000;

    /// <summary>Credentials file: verify SigV4 signatures (as <c>serve --auth</c>).</summary>
    public string? AuthFile { get; init; }

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>MemDS: table definitions and partitions.</summary>
    public required ITableDirectory Tables { get; init; }

    /// <summary>MemDS: key routes (one lookup per request).</summary>
    public required IMemDsClient MemDs { get; init; }

    /// <summary>The calls to storage nodes.</summary>
    public required INodeExecutor Nodes { get; init; }

    /// <summary>The node directory (filled by MemDS answers, corrections and, when running, the meta service's node list).</summary>
    public NodeDirectory? Directory { get; init; }

    /// <summary>How table definitions are decoded (the map's encoding by default).</summary>
    public Func<TableInfo, TableDefinition>? Decode { get; init; }
}

/// <summary>
/// <c>basalt router</c>: the DynamoDB HTTP endpoint of a cluster. The same <see cref="DynamoDbEndpoint"/>
/// as <c>serve</c> (SigV4, errors, CRC, health), over operations that forward to storage nodes
/// (<see cref="RouterOperations"/>), with <c>/metrics</c> on the same port.
/// </summary>
public sealed class RouterServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _stopped;

    private RouterServer(WebApplication app, RequestForwarder forwarder, CollectorRegistry metrics, Uri url)
    {
        _app = app;
        Forwarder = forwarder;
        Metrics = metrics;
        Url = url;
    }

    public Uri Url { get; }

    public RequestForwarder Forwarder { get; }

    public CollectorRegistry Metrics { get; }

    public static async Task<RouterServer> StartAsync(RouterServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var nodes = options.Directory ?? new NodeDirectory(options.Clock);
        var forwarder = new Forwarder(new RouteCache(options.MemDs), nodes, options.Nodes, options.Clock);
        var requests = new RequestForwarder(forwarder, new ClusterTables(options.Tables, nodes, options.Clock, options.Decode));
        var metrics = Prometheus.Metrics.NewCustomRegistry();
        var meter = new RouterMetrics(metrics, forwarder);
        var registry = new OperationRegistry(meter.Meter(RouterOperations.Create(requests)));
        var credentials = options.AuthFile is null ? null : CredentialStore.Load(options.AuthFile);
        var authenticator = new SigV4Authenticator(credentials, options.Clock);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = DynamoDbEndpoint.MaxRequestBytes + 1;
            kestrel.Limits.MinRequestBodyDataRate = null;
            Node.Hosting.ServerListeners.Listen(kestrel, options.Host, options.Port);
        });
        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Basalt.Router");
        var endpoint = new DynamoDbEndpoint(registry, authenticator, logger);
        app.Map("/metrics", branch => branch.Run(http => Node.Hosting.ServerListeners.WriteMetricsAsync(http, metrics)));
        app.Run(endpoint.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RouterServer(app, requests, metrics, new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal)));
    }

    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
