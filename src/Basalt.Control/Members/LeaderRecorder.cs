using System.Collections.Concurrent;
using Basalt.Metadata.Commands;
using Basalt.Metadata.Model;
using Basalt.Metadata.StateMachine;
using Basalt.Protocol.Meta.V1;

namespace Basalt.Control.Members;

/// <summary>
/// Turns the leaders nodes report in heartbeats into the map's leader hints: a claim is kept only
/// if its term is not below the newest claim seen for the group, and <c>SetLeader</c> is proposed
/// only when the map says otherwise and no proposal for that group is in flight.
/// </summary>
public sealed class LeaderRecorder(MetaMember member)
{
    private readonly ConcurrentDictionary<ulong, (ulong Term, ulong Node)> _claims = new();
    private readonly ConcurrentDictionary<ulong, byte> _inFlight = new();
    private long _proposed;

    /// <summary>SetLeader commands proposed.</summary>
    public long Proposed => Interlocked.Read(ref _proposed);

    /// <summary>Forgets the claims (a new leadership).</summary>
    public void Reset() => _claims.Clear();

    /// <summary>Takes a heartbeat's leader claims and proposes the hints that changed.</summary>
    public async Task ObserveAsync(HeartbeatRequest heartbeat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        var claims = new List<(ulong Group, ulong Node)>();
        foreach (var g in heartbeat.Groups)
        {
            if (!g.Leader)
            {
                continue;
            }

            var kept = _claims.AddOrUpdate(g.Group, (g.Term, heartbeat.NodeId), (_, old) => g.Term >= old.Term ? (g.Term, heartbeat.NodeId) : old);
            if (kept.Node == heartbeat.NodeId)
            {
                claims.Add((g.Group, heartbeat.NodeId));
            }
        }

        if (claims.Count == 0)
        {
            return;
        }

        var changed = await member.ReadAsync((map, _) => Changed(map, claims), cancellationToken).ConfigureAwait(false);
        foreach (var (group, node) in changed)
        {
            if (_inFlight.TryAdd(group, 0))
            {
                Interlocked.Increment(ref _proposed);
                _ = ProposeAsync(group, node);
            }
        }
    }

    internal static List<(ulong Group, ulong Node)> Changed(PartitionMap map, List<(ulong Group, ulong Node)> claims) =>
        claims.Where(c => map.FindGroup(c.Group) is { } p && p.LeaderHint != c.Node && p.ReplicaOn(c.Node) is { Kind: ReplicaKind.Full }).ToList();

    /// <summary>Proposes the group's hint, again while a newer claim arrived during the proposal.</summary>
    private async Task ProposeAsync(ulong group, ulong node)
    {
        try
        {
            while (true)
            {
                using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
                {
                    await member.ProposeAsync(new SetLeader(group, node), timeout.Token).ConfigureAwait(false);
                }

                if (!_claims.TryGetValue(group, out var latest) || latest.Node == node)
                {
                    return;
                }

                node = latest.Node;
                Interlocked.Increment(ref _proposed);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _inFlight.TryRemove(group, out _);
        }
    }
}
