using System.Collections.Concurrent;
using Basalt.Protocol.Meta.V1;

namespace Basalt.Control.Health;

/// <summary>
/// The meta leader's in-memory record of node heartbeats (never replicated: a new leader starts
/// over, with its leadership start as every node's baseline, so nobody is declared dead before a
/// whole detection window has passed under the new leader). Thread-safe.
/// </summary>
public sealed class HealthBook(TimeProvider time)
{
    private readonly ConcurrentDictionary<ulong, NodeHealth> _nodes = new();
    private readonly ConcurrentDictionary<ulong, string> _httpAddresses = new();
    private long _sinceTicks = time.GetUtcNow().UtcTicks;

    public TimeProvider Time => time;

    /// <summary>When this member started tracking (became leader).</summary>
    public DateTimeOffset Since => new(Interlocked.Read(ref _sinceTicks), TimeSpan.Zero);

    /// <summary>Forgets every heartbeat: tracking starts over now.</summary>
    public void Reset()
    {
        _nodes.Clear();
        Interlocked.Exchange(ref _sinceTicks, time.GetUtcNow().UtcTicks);
    }

    public void RecordHttpAddress(ulong node, string address)
    {
        if (!string.IsNullOrEmpty(address))
        {
            _httpAddresses[node] = address;
        }
    }

    /// <summary>Records a heartbeat at the current time.</summary>
    public NodeHealth Record(HeartbeatRequest heartbeat)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        var health = new NodeHealth(heartbeat.NodeId, time.GetUtcNow(), heartbeat.Pid, HttpAddress(heartbeat.NodeId), [.. heartbeat.Groups]);
        _nodes[heartbeat.NodeId] = health;
        return health;
    }

    public string HttpAddress(ulong node) => _httpAddresses.TryGetValue(node, out var a) ? a : string.Empty;

    /// <summary>The last heartbeat of each node heard from since tracking started.</summary>
    public IReadOnlyDictionary<ulong, NodeHealth> Snapshot() => new Dictionary<ulong, NodeHealth>(_nodes);

    /// <summary>Whether the node was heard from within <paramref name="window"/>.</summary>
    public bool IsHealthy(ulong node, TimeSpan window) =>
        _nodes.TryGetValue(node, out var h) && time.GetUtcNow() - h.LastSeen <= window;
}
