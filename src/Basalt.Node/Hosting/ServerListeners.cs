using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Prometheus;

namespace Basalt.Node.Hosting;

/// <summary>
/// What every Basalt server process does with Kestrel the same way: listen on a host name or address,
/// serve gRPC (HTTP/2) on one endpoint with HTTP/1.1 (metrics, status) on another, learn the URLs Kestrel
/// bound (port 0 included), and answer <c>/metrics</c> from a Prometheus registry.
/// </summary>
public sealed class ServerListeners
{
    private ListenOptions? _grpc;
    private ListenOptions? _http;

    /// <summary>The gRPC endpoint's URL (once Kestrel has started).</summary>
    public Uri GrpcUrl => UrlOf(_grpc ?? throw new InvalidOperationException("No gRPC endpoint was configured."));

    /// <summary>The HTTP/1.1 endpoint's URL, or null when there is none.</summary>
    public Uri? HttpUrl => _http is null ? null : UrlOf(_http);

    /// <summary>Listens for gRPC (HTTP/2 only) on <paramref name="grpc"/> and, when given, HTTP/1.1 on <paramref name="http"/>.</summary>
    public void Listen(KestrelServerOptions kestrel, IPEndPoint grpc, IPEndPoint? http)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        kestrel.Listen(grpc, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            _grpc = listen;
        });
        if (http is not null)
        {
            kestrel.Listen(http, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                _http = listen;
            });
        }
    }

    /// <summary>Listens on <paramref name="host"/> ("localhost", an address, or a name resolved once) and <paramref name="port"/>.</summary>
    public static void Listen(KestrelServerOptions kestrel, string host, int port)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.Listen(IPAddress.Loopback, port);
        }
        else if (IPAddress.TryParse(host, out var address))
        {
            kestrel.Listen(address, port);
        }
        else
        {
            kestrel.Listen(Dns.GetHostAddresses(host)[0], port);
        }
    }

    /// <summary>The URL a client uses for a bound endpoint (the wildcard addresses become loopback).</summary>
    public static Uri UrlOf(ListenOptions listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        var bound = listen.IPEndPoint!;
        var host = bound.Address.Equals(IPAddress.Any) ? "127.0.0.1" : bound.Address.ToString();
        if (bound.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            host = bound.Address.Equals(IPAddress.IPv6Any) ? "[::1]" : $"[{host}]";
        }

        return new Uri($"http://{host}:{bound.Port}");
    }

    /// <summary>Answers a Prometheus scrape from <paramref name="registry"/>.</summary>
    public static async Task WriteMetricsAsync(HttpContext http, CollectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(registry);
        http.Response.ContentType = PrometheusConstants.ExporterContentTypeValue.ToString();
        await registry.CollectAndExportAsTextAsync(http.Response.Body, http.RequestAborted).ConfigureAwait(false);
    }
}
