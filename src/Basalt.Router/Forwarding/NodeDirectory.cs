using System.Collections.Concurrent;
using Basalt.Metadata.Model;

namespace Basalt.Router.Forwarding;

/// <summary>
/// The storage nodes a router knows: their addresses (from MemDS answers, the meta service's node
/// list and nodes' route corrections), whether the meta service last called them healthy, and which
/// ones failed a call recently (suspects, avoided for <see cref="SuspectFor"/>). Thread-safe.
/// </summary>
public sealed class NodeDirectory(TimeProvider time)
{
    private readonly ConcurrentDictionary<ulong, Entry> _nodes = new();
    private int _next;

    /// <summary>How long a node that failed a call is avoided while others are available.</summary>
    public TimeSpan SuspectFor { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Ids of every known node, ascending.</summary>
    public IReadOnlyList<ulong> Known => [.. _nodes.Keys.Order()];

    /// <summary>Records a node's address (a later address replaces an earlier one).</summary>
    public void Learn(ulong id, string address)
    {
        if (id == 0 || string.IsNullOrEmpty(address))
        {
            return;
        }

        _nodes.AddOrUpdate(id, _ => new Entry(address), (_, e) => e.Address == address ? e : e with { Address = address });
    }

    /// <summary>Records the nodes a MemDS answer names.</summary>
    public void Learn(IEnumerable<NodeInfo> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        foreach (var node in nodes)
        {
            Learn(node.Id, node.Address);
        }
    }

    /// <summary>Records the meta service's view of a node: its address and health.</summary>
    public void SetHealth(ulong id, string address, bool healthy)
    {
        Learn(id, address);
        if (_nodes.TryGetValue(id, out var entry) && entry.Healthy != healthy)
        {
            _nodes[id] = entry with { Healthy = healthy };
        }
    }

    public string? AddressOf(ulong id) => _nodes.TryGetValue(id, out var entry) ? entry.Address : null;

    /// <summary>A call to the node failed (unreachable, dead): avoid it for a while.</summary>
    public void MarkSuspect(ulong id)
    {
        if (_nodes.TryGetValue(id, out var entry))
        {
            _nodes[id] = entry with { SuspectUntil = time.GetUtcNow() + SuspectFor };
        }
    }

    /// <summary>The node answered: it is no longer suspect.</summary>
    public void MarkAlive(ulong id)
    {
        if (_nodes.TryGetValue(id, out var entry) && entry.SuspectUntil != DateTimeOffset.MinValue)
        {
            _nodes[id] = entry with { SuspectUntil = DateTimeOffset.MinValue };
        }
    }

    public bool IsSuspect(ulong id) => _nodes.TryGetValue(id, out var entry) && entry.SuspectUntil > time.GetUtcNow();

    /// <summary>Whether the node is known, healthy as far as the meta service said, and not suspect.</summary>
    public bool IsUsable(ulong id) => _nodes.TryGetValue(id, out var entry) && entry.Healthy && entry.SuspectUntil <= time.GetUtcNow();

    /// <summary>
    /// Known nodes for a request any node can serve, starting at the next one in round robin:
    /// usable ones first, then the others (a suspect may have recovered).
    /// </summary>
    public IReadOnlyList<ulong> AnyOrder()
    {
        var known = Known;
        if (known.Count == 0)
        {
            return known;
        }

        var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)known.Count);
        var rotated = known.Skip(start).Concat(known.Take(start)).ToList();
        return [.. rotated.Where(IsUsable), .. rotated.Where(id => !IsUsable(id))];
    }

    private sealed record Entry(string Address)
    {
        public bool Healthy { get; init; } = true;

        public DateTimeOffset SuspectUntil { get; init; } = DateTimeOffset.MinValue;
    }
}
