using System.Collections.Immutable;

namespace Basalt.Metadata.Model;

/// <summary>
/// One partition of a table as the map records it: its hash range, its Raft group, its replicas
/// (ordered by node id), the last leader reported, and the map version at which this entry last
/// changed (its epoch: a newer version always supersedes an older one).
/// </summary>
public sealed record PartitionInfo(
    ulong TableId,
    ulong GroupId,
    HashRange Range,
    ImmutableArray<ReplicaInfo> Replicas,
    ulong LeaderHint,
    ulong Version)
{
    /// <summary>The replica on <paramref name="nodeId"/>, if any.</summary>
    public ReplicaInfo? ReplicaOn(ulong nodeId)
    {
        foreach (var r in Replicas)
        {
            if (r.NodeId == nodeId)
            {
                return r;
            }
        }

        return null;
    }

    /// <summary>Group id of partition <paramref name="index"/> of table <paramref name="tableId"/> (tableId &lt;&lt; 16 | index).</summary>
    public static ulong GroupIdOf(ulong tableId, int index) => (tableId << 16) | (uint)index;

    /// <summary>The table a group id belongs to.</summary>
    public static ulong TableOf(ulong groupId) => groupId >> 16;
}
