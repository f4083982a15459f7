using System.Collections.Concurrent;
using Basalt.Api.Replicas;
using Basalt.Api.Tables;
using Basalt.Metadata.Model;
using Basalt.Model;
using Basalt.Protocol.Meta.V1;
using Google.Protobuf;

namespace Basalt.Api.Cluster;

/// <summary>
/// The table catalog of a storage node in cluster mode: reads come from the node's mirror of the
/// partition map (definitions decoded by <see cref="ClusterDefinitions"/>); CreateTable, UpdateTable
/// and DeleteTable go to the metadata service, then wait until the mirror has the change, so the
/// node that answered reads its own write. Streams, and global indexes added to an existing table
/// (which need a backfill across partitions), are refused with a ValidationException in cluster mode.
/// </summary>
public sealed class ClusterTableCatalog(IClusterMap map, IClusterMetadata metadata, int replicaCount = 3) : TableCatalog
{
    /// <summary>How long a table command waits for the node's mirror to show its outcome.</summary>
    public static readonly TimeSpan MirrorTimeout = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<ulong, (ulong Version, TableDefinition Table)> _decoded = new();

    public override TableDefinition? Find(string region, string name) =>
        map.Store.FindTable(region, name) is { } info ? Decode(info) : null;

    public override IEnumerable<TableDefinition> All => map.Store.AllTables.Select(Decode);

    /// <summary>CREATING until every partition of the table has a leader in the map, then ACTIVE.</summary>
    public override string StatusOf(TableDefinition table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var partitions = map.Store.PartitionsOf(table.Id);
        return partitions.Count > 0 && partitions.All(p => p.LeaderHint != 0) ? "ACTIVE" : "CREATING";
    }

    public override async ValueTask<TableDefinition> CreateAsync(string region, string name, Func<Func<ulong>, TableDefinition> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (Find(region, name) is not null)
        {
            throw InUse(name);
        }

        // Table id 0 (the map assigns it), then index ordinals 1, 2, ...
        ulong next = 0;
        var table = factory(() => next++);
        RefuseStreams(table);
        var reply = await metadata.CreateTableAsync(
            new CreateTableRequest
            {
                Region = region,
                Name = name,
                Definition = ByteString.CopyFrom(ClusterDefinitions.Encode(table)),
                Partitions = table.PartitionCount,
                Replicas = replicaCount,
            },
            CancellationToken.None).ConfigureAwait(false);
        if (reply.Status == MetaStatus.Rejected && reply.Message.EndsWith(" exists", StringComparison.Ordinal))
        {
            throw InUse(name);
        }

        await SettleAsync(reply).ConfigureAwait(false);
        return Find(region, name) ?? throw new PartitionUnavailableException($"Internal server error (table {name} was created but is not in this node's map)");
    }

    public override async ValueTask<TableDefinition> UpdateAsync(string region, string name, Func<TableDefinition, Func<ulong>, TableDefinition> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var current = Get(region, name);
        var ordinal = ClusterDefinitions.NextOrdinal(current);
        var updated = change(current, () => ClusterIds.IndexId(current.Id, ordinal++));
        RefuseStreams(updated);
        if (updated.GlobalIndexes.Any(g => current.GlobalIndexes.All(c => c.Id != g.Id)))
        {
            throw new ValidationException("Adding a global secondary index to an existing table is not supported by a Basalt cluster yet (it needs a backfill across partitions); create the table with its indexes instead.");
        }

        var reply = await metadata.UpdateTableAsync(
            new UpdateTableRequest { Region = region, Name = name, Definition = ByteString.CopyFrom(ClusterDefinitions.Encode(updated)) },
            CancellationToken.None).ConfigureAwait(false);
        if (reply.Status == MetaStatus.Rejected && reply.Message.EndsWith(" does not exist", StringComparison.Ordinal))
        {
            throw NotFound(name);
        }

        await SettleAsync(reply).ConfigureAwait(false);
        return Find(region, name) ?? throw NotFound(name);
    }

    public override async ValueTask<TableDefinition> DeleteAsync(string region, string name, Action<TableDefinition>? check = null)
    {
        var table = Get(region, name);
        check?.Invoke(table);
        var reply = await metadata.DeleteTableAsync(new DeleteTableRequest { Region = region, Name = name }, CancellationToken.None).ConfigureAwait(false);
        if (reply.Status == MetaStatus.Rejected && reply.Message.EndsWith(" does not exist", StringComparison.Ordinal))
        {
            throw NotFound(name);
        }

        await SettleAsync(reply).ConfigureAwait(false);
        return table;
    }

    /// <summary>Nothing: a node deletes a dropped table's items when the table leaves its map (<see cref="ClusterReplicas"/>).</summary>
    public override IReadOnlyList<ulong> PendingPurges() => [];

    public override ValueTask CompletePurgeAsync(ulong tableId) => ValueTask.CompletedTask;

    private static DynamoDbException InUse(string name) => new("ResourceInUseException", $"Table already exists: {name}");

    private static void RefuseStreams(TableDefinition table)
    {
        if (table.Stream is { Enabled: true })
        {
            throw new ValidationException("DynamoDB Streams are not available in a Basalt cluster yet: StreamSpecification StreamEnabled must be false.");
        }
    }

    /// <summary>An accepted command's outcome, once this node's mirror has it; a refusal as an error.</summary>
    private async ValueTask SettleAsync(MetaReply reply)
    {
        switch (reply.Status)
        {
            case MetaStatus.Ok:
                using (var timeout = new CancellationTokenSource(MirrorTimeout))
                {
                    try
                    {
                        await map.WaitForVersionAsync(reply.Version, timeout.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        throw new PartitionUnavailableException("Internal server error (this node's partition map is behind the metadata service)");
                    }
                }

                return;
            case MetaStatus.Rejected:
                throw new ValidationException(reply.Message);
            default:
                throw new PartitionUnavailableException($"Internal server error (the metadata service is unavailable: {reply.Message})");
        }
    }

    private TableDefinition Decode(TableInfo info)
    {
        if (_decoded.TryGetValue(info.Id, out var cached) && cached.Version == info.Version)
        {
            return cached.Table;
        }

        // The map's partition count (CreateTable's placement), so every node routes alike.
        var partitions = map.Store.PartitionsOf(info.Id).Count;
        var table = ClusterDefinitions.Decode(info) with { PartitionCount = Math.Max(1, partitions) };
        _decoded[info.Id] = (info.Version, table);
        return table;
    }
}
