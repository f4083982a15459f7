using Basalt.Api.Indexes;
using Basalt.Api.Tables;
using Basalt.Model;

namespace Basalt.Api.Items;

/// <summary>
/// What a Query or Scan reads: the table itself or one of its secondary indexes. Says where its
/// entries live, what its key schema is, how its sort keys are encoded and how to build a
/// LastEvaluatedKey from an entry.
/// </summary>
public sealed class ReadTarget(TableDefinition table, IndexDefinition? index)
{
    public TableDefinition Table { get; } = table;

    public IndexDefinition? Index { get; } = index;

    /// <summary>The id that prefixes this target's entries.</summary>
    public ulong KeySpaceId => Index?.Id ?? Table.Id;

    public KeyAttribute PartitionKey => Index?.PartitionKey ?? Table.PartitionKey;

    public KeyAttribute? SortKey => Index is null ? Table.SortKey : Index.SortKey;

    /// <summary>
    /// When set, entries are fetched back from the table (a local index read of attributes it
    /// does not project).
    /// </summary>
    public bool FetchFromTable { get; init; }

    public bool IsKeyAttribute(string name) => Index?.IsKeyAttribute(name) ?? Table.IsKeyAttribute(name);

    public Item LastKeyOf(IReadOnlyDictionary<string, AttributeValue> entry) =>
        Index is null ? ItemKeys.KeyOf(Table, entry) : IndexEntries.LastKeyOf(Index, Table, entry);

    /// <summary>The encoded sort key component (raw for the table, delimited for an index).</summary>
    public byte[] SortPart(AttributeValue value) =>
        Index is null ? KeyCodec.EncodeSortKeyPart(value) : IndexEntries.Delimited(value);

    /// <summary>The smallest key after every entry whose sort key equals the one encoded at the end of <paramref name="at"/>.</summary>
    public byte[] After(byte[] at) => Index is null ? KeyRanges.Successor(at) : KeyRanges.PrefixEnd(at);

    /// <summary>The key prefix shared by every entry whose sort key begins with <paramref name="value"/>.</summary>
    public byte[] BeginsWithPart(AttributeValue value) =>
        Index is null ? KeyCodec.EncodeSortKeyPart(value) : IndexEntries.DelimitedPrefix(value);

    /// <summary>The storage key of the entry an ExclusiveStartKey designates.</summary>
    public byte[] StartKeyOf(IReadOnlyDictionary<string, AttributeValue> exclusiveStartKey)
    {
        var tableKey = new Item();
        foreach (var name in new[] { Table.PartitionKey.Name, Table.SortKey?.Name })
        {
            if (name is not null && exclusiveStartKey.TryGetValue(name, out var value))
            {
                tableKey[name] = value;
            }
        }

        var baseKey = ItemKeys.FromKey(Table, tableKey);
        if (Index is null)
        {
            if (exclusiveStartKey.Count != tableKey.Count)
            {
                throw new ValidationException(ItemKeys.SchemaMismatch);
            }

            return baseKey;
        }

        return IndexEntries.KeyOf(Index, exclusiveStartKey, baseKey) ?? throw new ValidationException(ItemKeys.SchemaMismatch);
    }
}
