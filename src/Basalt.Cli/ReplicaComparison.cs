using System.Globalization;
using Basalt.Api;
using Basalt.Api.Items;
using Basalt.Api.Replicas;
using Basalt.Model;
using Basalt.Storage;

namespace Basalt.Cli;

/// <summary>
/// For <c>basalt check</c> on a server with several storage nodes: waits until every node's replica
/// of every partition has applied its leader's commit index, then compares the nodes' items and
/// index entries byte for byte (leaders replicate the images they computed, so replicas must be
/// identical). Returns one line per difference, at most <see cref="MaxReported"/> per table or index
/// and node.
/// </summary>
internal static class ReplicaComparison
{
    public const int MaxReported = 10;

    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromSeconds(60);

    public static async Task<List<string>> CompareAsync(Database database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var cluster = database.Cluster;
        var problems = new List<string>();
        foreach (var table in database.Catalog.All)
        {
            foreach (var group in PartitionRouting.GroupsOf(table))
            {
                var leader = await cluster.LeaderAsync(table, group).ConfigureAwait(false);
                var index = await leader.ReadIndexAsync().WaitAsync(CatchUpTimeout).ConfigureAwait(false);
                foreach (var node in cluster.RunningNodes)
                {
                    if (node.Replica(group) is not { } replica)
                    {
                        problems.Add(string.Create(CultureInfo.InvariantCulture, $"table {table.Name}: node {node.Id} has no replica of group {group}"));
                        continue;
                    }

                    await replica.WaitAppliedAsync(index).WaitAsync(CatchUpTimeout).ConfigureAwait(false);
                }
            }

            var nodes = cluster.RunningNodes.ToList();
            var spaces = new[] { ($"table {table.Name}", table.Id) }
                .Concat(table.LocalIndexes.Concat(table.GlobalIndexes).Select(i => ($"index {table.Name}/{i.Name}", i.Id)));
            foreach (var (what, id) in spaces)
            {
                var prefix = KeyCodec.EncodeTablePrefix(id);
                foreach (var node in nodes.Skip(1))
                {
                    Compare(what, prefix, nodes[0].Id, nodes[0].Engine, node.Id, node.Engine, problems);
                }
            }
        }

        return problems;
    }

    /// <summary>Walks both engines' ranges in key order and reports keys missing on one side or holding different values.</summary>
    private static void Compare(string what, byte[] prefix, ulong referenceId, IStorageEngine reference, ulong otherId, IStorageEngine other, List<string> problems)
    {
        var end = KeyRanges.PrefixEnd(prefix);
        using var left = reference.OpenCursor(ColumnFamily.Data, prefix, end, reverse: false);
        using var right = other.OpenCursor(ColumnFamily.Data, prefix, end, reverse: false);
        var hasLeft = left.MoveNext();
        var hasRight = right.MoveNext();
        var differences = 0;
        while (hasLeft || hasRight)
        {
            var order = !hasLeft ? 1 : !hasRight ? -1 : left.Key.SequenceCompareTo(right.Key);
            string? difference = order switch
            {
                < 0 => $"key {Convert.ToHexString(left.Key)} is on node {referenceId} but not on node {otherId}",
                > 0 => $"key {Convert.ToHexString(right.Key)} is on node {otherId} but not on node {referenceId}",
                _ when !left.Value.SequenceEqual(right.Value) => $"key {Convert.ToHexString(left.Key)} differs between node {referenceId} and node {otherId}",
                _ => null,
            };
            if (difference is not null && ++differences <= MaxReported)
            {
                problems.Add($"{what}: {difference}");
            }

            if (order <= 0)
            {
                hasLeft = left.MoveNext();
            }

            if (order >= 0)
            {
                hasRight = right.MoveNext();
            }
        }

        if (differences > MaxReported)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{what}: {differences - MaxReported} more differences between node {referenceId} and node {otherId}"));
        }
    }
}
