using Basalt.Node.Transport;
using Basalt.Replication;
using Basalt.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Basalt.Node.Hosting;

/// <summary>
/// One storage-node process (<c>basalt node</c>): its storage engine, the gRPC transport to its peers,
/// the node and its runner, the gRPC server its peers send to, and optionally status and metrics over
/// HTTP/1.1. Hosts the groups it is told to, each with every known node as a voter; in cluster mode
/// (<c>--meta</c>) it starts with none and the partition map decides (Basalt.Api's ClusterNode).
/// Disposing stops it.
/// </summary>
public sealed class NodeHost : IAsyncDisposable
{
    /// <summary>Path of the status document on the HTTP endpoint.</summary>
    public const string StatusPath = "/_basalt/node";

    private readonly IStorageEngine _engine;
    private readonly GrpcNodeTransport _transport;
    private readonly NodeRunner _runner;
    private readonly NodeServer _server;
    private int _stopped;

    private NodeHost(IStorageEngine engine, GrpcNodeTransport transport, NodeRunner runner, NodeServer server)
    {
        _engine = engine;
        _transport = transport;
        _runner = runner;
        _server = server;
    }

    public StorageNode Node => _runner.Node;

    public GrpcNodeTransport Transport => _transport;

    /// <summary>The gRPC address peers send to.</summary>
    public Uri Url => _server.Url;

    /// <summary>The status and metrics address, when there is one.</summary>
    public Uri? HttpUrl => _server.HttpUrl;

    /// <summary>Completes when the node's processing loop ends (a storage failure stops it).</summary>
    public Task Completion => _runner.Completion;

    public static async Task<NodeHost> StartAsync(NodeHostOptions options, ILoggerFactory loggers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        var engine = options.DataDirectory is null
            ? (IStorageEngine)new InMemoryStorageEngine()
            : RocksDbStorageEngine.Open(options.DataDirectory, logger: loggers.CreateLogger("Basalt.Storage"));
        GrpcNodeTransport? transport = null;
        NodeServer? server = null;
        try
        {
            transport = new GrpcNodeTransport(options.Id, options.Peers, options.Transport, TimeProvider.System, loggers);
            var node = new StorageNode(options.Id, engine, transport, options.Node);
            var registry = Metrics.NewCustomRegistry();
            _ = new NodeTransportMetrics(registry, node, transport, () => server?.Receiver);
            var status = transport;
            server = await NodeServer.StartAsync(
                node,
                options.Listen,
                options.Transport,
                options.Http,
                app =>
                {
                    app.Map("/metrics", branch => branch.Run(http => ServerListeners.WriteMetricsAsync(http, registry)));
                    app.Map(StatusPath, branch => branch.Run(http => WriteStatusAsync(http, options, node, status, server)));
                    options.Map?.Invoke(app);
                },
                logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning),
                options.Services,
                cancellationToken).ConfigureAwait(false);

            var runner = new NodeRunner(node, TimeProvider.System, options.Node, loggers.CreateLogger<NodeRunner>());
            var host = new NodeHost(engine, transport, runner, server);
            try
            {
                var membership = Membership.OfVoters([.. options.Peers.Keys.Append(options.Id).Distinct()]);
                foreach (var group in options.Groups)
                {
                    await node.HostAsync(group, membership).ConfigureAwait(false);
                }
            }
            catch
            {
                await host.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            return host;
        }
        catch when (server is null)
        {
            if (transport is not null)
            {
                await transport.DisposeAsync().ConfigureAwait(false);
            }

            engine.Dispose();
            throw;
        }
    }

    /// <summary>Stops serving peers, stops the node, closes connections and storage.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _server.DisposeAsync().ConfigureAwait(false);
        await _runner.DisposeAsync().ConfigureAwait(false);
        await _transport.DisposeAsync().ConfigureAwait(false);
        _engine.Dispose();
    }

    private static async Task WriteStatusAsync(HttpContext http, NodeHostOptions options, StorageNode node, GrpcNodeTransport transport, NodeServer? server)
    {
        http.Response.ContentType = "application/json";
        var json = new System.Text.Json.Utf8JsonWriter(http.Response.BodyWriter);
        await using (json.ConfigureAwait(false))
        {
            NodeStatus.Write(json, options, node, transport, server);
            await json.FlushAsync(http.RequestAborted).ConfigureAwait(false);
        }
    }
}
