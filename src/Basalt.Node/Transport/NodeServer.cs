using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Basalt.Node.Transport;

/// <summary>
/// A storage node's server: Kestrel serving the Raft transport over HTTP/2 without TLS (h2c, prior
/// knowledge: Kestrel offers HTTP/2 on a cleartext endpoint only when it offers nothing else), and,
/// on an optional second endpoint over HTTP/1.1, whatever the host maps (metrics, status).
/// </summary>
public sealed class NodeServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _stopped;

    private NodeServer(WebApplication app, RaftReceiver receiver, Uri url, Uri? httpUrl)
    {
        _app = app;
        Receiver = receiver;
        Url = url;
        HttpUrl = httpUrl;
    }

    /// <summary>The receiving end (its counters).</summary>
    public RaftReceiver Receiver { get; }

    /// <summary>The bound address, http://IP:PORT (the port is the real one when 0 was asked for).</summary>
    public Uri Url { get; }

    /// <summary>The bound HTTP/1.1 address, when there is one.</summary>
    public Uri? HttpUrl { get; }

    /// <summary>Starts serving <paramref name="node"/>'s replicas to its peers on <paramref name="endpoint"/>.</summary>
    /// <param name="http">A second endpoint, HTTP/1.1, for what <paramref name="map"/> adds.</param>
    /// <param name="map">Adds the host's other endpoints (metrics, status).</param>
    /// <param name="logging">Configures logging (default: none).</param>
    /// <param name="services">Registers what the host's own gRPC services (mapped by <paramref name="map"/>) need.</param>
    public static async Task<NodeServer> StartAsync(
        StorageNode node,
        IPEndPoint endpoint,
        GrpcTransportOptions? options = null,
        IPEndPoint? http = null,
        Action<WebApplication>? map = null,
        Action<ILoggingBuilder>? logging = null,
        Action<IServiceCollection>? services = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(endpoint);
        options ??= new GrpcTransportOptions();
        var receiver = new RaftReceiver(node);
        var listeners = new Hosting.ServerListeners();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton(receiver);
        services?.Invoke(builder.Services);
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = options.MaxMessageBytes;
            grpc.MaxSendMessageSize = options.MaxMessageBytes;
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.Http2.KeepAlivePingDelay = options.KeepAlive;
            kestrel.Limits.Http2.KeepAlivePingTimeout = options.KeepAlive;
            listeners.Listen(kestrel, endpoint, http);
        });
        var app = builder.Build();
        app.MapGrpcService<RaftTransportService>();
        map?.Invoke(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        // Kestrel writes the bound port (for port 0) back into each endpoint's options.
        return new NodeServer(app, receiver, listeners.GrpcUrl, listeners.HttpUrl);
    }

    /// <summary>Stops serving: peers' calls end (their transports reconnect with backoff).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
