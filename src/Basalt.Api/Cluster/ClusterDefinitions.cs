using Basalt.Api.Tables;
using Basalt.Metadata.Model;

namespace Basalt.Api.Cluster;

/// <summary>
/// Table definitions as the partition map holds them (<see cref="TableInfo.Definition"/>):
/// <see cref="TableDefinitionCodec"/> bytes written with table id 0 and each index's id as its
/// per-table ordinal (1, 2, ...). Decoded for use with the map's table id and
/// <see cref="ClusterIds.IndexId"/> for the indexes.
/// </summary>
public static class ClusterDefinitions
{
    /// <summary>The definition of a table of the map, with its real table and index ids.</summary>
    public static TableDefinition Decode(TableInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var stored = TableDefinitionCodec.Decode(info.Definition.Span);
        return stored with
        {
            Region = info.Region,
            Name = info.Name,
            Id = info.Id,
            LocalIndexes = [.. stored.LocalIndexes.Select(i => i with { Id = ClusterIds.IndexId(info.Id, i.Id) })],
            GlobalIndexes = [.. stored.GlobalIndexes.Select(i => i with { Id = ClusterIds.IndexId(info.Id, i.Id) })],
        };
    }

    /// <summary>
    /// The bytes to hand the metadata service for <paramref name="table"/>: table id 0, index ids as
    /// ordinals. <paramref name="table"/> carries either ordinals already (a new table, id 0) or real
    /// ids (an update of table <see cref="TableDefinition.Id"/>).
    /// </summary>
    public static byte[] Encode(TableDefinition table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var tableId = table.Id;
        ulong Ordinal(ulong id) => tableId == 0 ? CheckOrdinal(id) : ClusterIds.OrdinalOf(tableId, id);
        return TableDefinitionCodec.Encode(table with
        {
            Id = 0,
            LocalIndexes = [.. table.LocalIndexes.Select(i => i with { Id = Ordinal(i.Id) })],
            GlobalIndexes = [.. table.GlobalIndexes.Select(i => i with { Id = Ordinal(i.Id) })],
        });
    }

    /// <summary>The next free index ordinal of a table (one past the largest in use).</summary>
    public static ulong NextOrdinal(TableDefinition table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.LocalIndexes.Concat(table.GlobalIndexes).Select(i => ClusterIds.OrdinalOf(table.Id, i.Id)).DefaultIfEmpty(0UL).Max() + 1;
    }

    private static ulong CheckOrdinal(ulong id) =>
        id is > 0 and <= ClusterIds.MaxOrdinal ? id : throw new ArgumentException($"Index ordinal {id} is out of range.", nameof(id));
}
