using System.Net;
using System.Net.Sockets;
using Basalt.Control.Members;

namespace Basalt.Api.Tests.Cluster;

/// <summary>The metadata service as it runs in a cluster: three meta members (in memory) over real gRPC on loopback.</summary>
internal sealed class MetaMembers : IAsyncDisposable
{
    private readonly List<MetaServer> _servers;

    private MetaMembers(List<MetaServer> servers, IReadOnlyList<Uri> urls)
    {
        _servers = servers;
        Urls = urls;
    }

    public IReadOnlyList<Uri> Urls { get; }

    public static async Task<MetaMembers> StartAsync()
    {
        var peers = Enumerable.Range(1, 3).ToDictionary(i => (ulong)i, _ => new Uri($"http://127.0.0.1:{FreePort()}"));
        var servers = new List<MetaServer>();
        try
        {
            foreach (var (id, url) in peers)
            {
                servers.Add(await MetaServer.StartAsync(new MetaServerOptions
                {
                    Id = id,
                    Listen = new IPEndPoint(IPAddress.Loopback, url.Port),
                    Peers = peers,
                    Tick = TimeSpan.FromMilliseconds(50),
                }));
            }
        }
        catch
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }

            throw;
        }

        return new MetaMembers(servers, [.. peers.Values]);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    private static int FreePort() => Basalt.Node.Hosting.LoopbackPorts.Next();
}
