using System.Net;
using Basalt.Control.Client;
using Basalt.Control.Members;
using Basalt.Control.Tests.Client;

namespace Basalt.Control.Tests.Members;

/// <summary>Three meta members in this process over real gRPC on loopback, each with its own RocksDB directory; members can be stopped and restarted from disk.</summary>
internal sealed class MetaCluster : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "basalt-meta-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<ulong, MetaServer?> _servers = [];

    private MetaCluster(Dictionary<ulong, Uri> peers)
    {
        Peers = peers;
    }

    public Dictionary<ulong, Uri> Peers { get; }

    public IReadOnlyList<Uri> Urls => [.. Peers.Values];

    public IEnumerable<MetaServer> Running => _servers.Values.OfType<MetaServer>();

    public MetaServer this[ulong id] => _servers[id]!;

    public static async Task<MetaCluster> StartAsync(Func<MetaServerOptions, MetaServerOptions>? configure = null)
    {
        var peers = Enumerable.Range(1, 3).ToDictionary(i => (ulong)i, _ => new Uri($"http://127.0.0.1:{FreePort()}"));
        var cluster = new MetaCluster(peers) { _configure = configure };
        foreach (var id in peers.Keys)
        {
            await cluster.StartAsync(id);
        }

        return cluster;
    }

    private Func<MetaServerOptions, MetaServerOptions>? _configure;

    public async Task StartAsync(ulong id)
    {
        var options = new MetaServerOptions
        {
            Id = id,
            Listen = new IPEndPoint(IPAddress.Loopback, Peers[id].Port),
            Peers = Peers,
            DataDirectory = Path.Combine(_root, $"meta-{id}"),
            Tick = TimeSpan.FromMilliseconds(50),
        };
        _servers[id] = await MetaServer.StartAsync(_configure?.Invoke(options) ?? options);
    }

    public async Task StopAsync(ulong id)
    {
        if (_servers[id] is { } server)
        {
            _servers[id] = null;
            await server.DisposeAsync();
        }
    }

    /// <summary>The member all running members agree leads (polls each member's change signal until the deadline).</summary>
    public async Task<MetaServer> LeaderAsync()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (true)
        {
            var running = Running.ToList();
            var signals = running.Select(s => s.Member.Changed).ToList();
            var leader = running.FirstOrDefault(s => s.Member.IsLeader);
            if (leader is not null && running.Count(s => s.Member.Leader == leader.Member.Id) * 2 > Peers.Count)
            {
                return leader;
            }

            await Task.WhenAny(signals).WaitAsync(deadline.Token);
        }
    }

    /// <summary>Waits until <paramref name="server"/> has applied <paramref name="version"/>.</summary>
    public static async Task WaitAppliedAsync(MetaServer server, ulong version)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (true)
        {
            var signal = server.Member.Changed;
            if (server.Member.Version >= version)
            {
                return;
            }

            await signal.WaitAsync(deadline.Token);
        }
    }

    public MetaClient Client() => new(Urls, new MetaClientOptions { RetryBudget = Deadline });

    public async ValueTask DisposeAsync()
    {
        foreach (var id in Peers.Keys)
        {
            await StopAsync(id);
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort() => Basalt.Node.Hosting.LoopbackPorts.Next();
}
