using System.Net;
using Basalt.Api.Admission;
using Basalt.Api.Auth;
using Basalt.Api.Http;
using Basalt.Api.Operations;
using Basalt.Api.Protocol;
using Basalt.Router.Admission;
using Basalt.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Basalt.Api;

/// <summary>An embedded Basalt server: the DynamoDB HTTP API on Kestrel over a storage engine.</summary>
public sealed class BasaltServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Database _database;
    private int _stopped;

    private BasaltServer(WebApplication app, Database database, RequestAdmission admission, CollectorRegistry metrics, Uri url)
    {
        _app = app;
        _database = database;
        Admission = admission;
        Metrics = metrics;
        Url = url;
        database.SchedulePurge();
        database.ScheduleBackfills();
    }

    /// <summary>The bound base URL, e.g. http://127.0.0.1:8000/.</summary>
    public Uri Url { get; }

    public Database Database => _database;

    /// <summary>Admission control (token buckets, GAC) of this server's requests.</summary>
    public RequestAdmission Admission { get; }

    /// <summary>The registry behind /metrics; other components may add their collectors.</summary>
    public CollectorRegistry Metrics { get; }

    /// <summary>Starts a server and returns once it accepts requests.</summary>
    public static async Task<BasaltServer> StartAsync(BasaltServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Replicas is not (1 or 3))
        {
            throw new ArgumentException("Replicas must be 1 or 3.", nameof(options));
        }

        var engines = new List<IStorageEngine>(options.Replicas);
        Database database;
        try
        {
            for (var node = 1; node <= options.Replicas; node++)
            {
                engines.Add(options.InMemory
                    ? new InMemoryStorageEngine()
                    : RocksDbStorageEngine.Open(node == 1 ? options.DataDirectory : Path.Combine(options.DataDirectory, $"node-{node}")));
            }
        }
        catch
        {
            engines.ForEach(e => e.Dispose());
            throw;
        }

        database = await Database.OpenAsync(engines, durable: !options.InMemory, options.Clock, new DatabaseOptions
        {
            SweepInterval = options.SweepInterval,
            ItemCollectionLimitBytes = options.ItemCollectionSizeLimitBytes,
            InitialPartitions = options.InitialPartitions,
            Node = options.Node,
        }).ConfigureAwait(false);
        try
        {
            var credentials = options.AuthFile is null ? null : CredentialStore.Load(options.AuthFile);
            var authenticator = new SigV4Authenticator(credentials, options.Clock);
            var registry = new OperationRegistry(OperationCatalog.Create(database));
            var admission = new RequestAdmission(database, new AdmissionController(options.Admission, options.Clock));
            var metrics = Prometheus.Metrics.NewCustomRegistry();
            _ = new CapacityMetrics(metrics, admission);
            var admitting = options.Admission.Enabled ? admission : null;

            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);

            // Hosting starts an Activity and a logging scope for every request whenever its category
            // logs at any level; it only ever logs request starts and ends (Information), so turning
            // it off costs nothing and saves both per request.
            builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Limits.MaxRequestBodySize = DynamoDbEndpoint.MaxRequestBytes + 1;
                kestrel.Limits.MinRequestBodyDataRate = null;
                Node.Hosting.ServerListeners.Listen(kestrel, options.Host, options.Port);
            });
            builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = options.InlineScheduling);
            var app = builder.Build();
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Basalt.Api");
            var endpoint = new DynamoDbEndpoint(registry, authenticator, logger, admitting);
            app.Map("/metrics", branch => branch.Run(http => Node.Hosting.ServerListeners.WriteMetricsAsync(http, metrics)));
            app.Map(NodeAdminEndpoint.Path, branch => branch.Run(http => NodeAdminEndpoint.HandleAsync(http, database.Cluster, loopbackOnly: options.AuthFile is not null)));
            app.Run(endpoint.HandleAsync);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);

            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new BasaltServer(app, database, admission, metrics, new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal)));
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>Stops accepting requests, drains in-flight ones and closes storage.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _database.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
