using System.Text;
using Basalt.Api.Items;
using Basalt.Api.Tables;
using Basalt.Model;

namespace Basalt.Api.Indexes;

/// <summary>
/// Where and how an item appears in a secondary index. An index entry lives in the data column
/// family under
/// <c>indexId | hash64(index partition key) | escaped index partition key | [escaped index sort key] | base item key without its table id</c>:
/// the delimited index sort key keeps entries in DynamoDB's sort order, and the base key suffix
/// makes entries of items with equal index keys distinct. The value is the projected item.
/// </summary>
public static class IndexEntries
{
    private const int HeaderLength = KeyCodec.TablePrefixLength + KeyCodec.HashLength;

    /// <summary>
    /// The entry key of an item in an index, or null when the item lacks an index key attribute
    /// (sparse index). Throws DynamoDB's ValidationException for an index key of the wrong type
    /// or an empty one.
    /// </summary>
    public static byte[]? KeyOf(IndexDefinition index, IReadOnlyDictionary<string, AttributeValue> item, byte[] baseKey)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(baseKey);
        // Each index key attribute that is present must be valid, even when the other is
        // missing and the item is left out of the index.
        item.TryGetValue(index.PartitionKey.Name, out var pk);
        AttributeValue? sk = null;
        if (index.SortKey is not null)
        {
            item.TryGetValue(index.SortKey.Name, out sk);
        }

        if (pk is not null)
        {
            Check(index, index.PartitionKey, pk);
        }

        if (sk is not null)
        {
            Check(index, index.SortKey!, sk);
        }

        if (pk is null || (index.SortKey is not null && sk is null))
        {
            return null;
        }

        var prefix = KeyCodec.EncodePartitionPrefix(index.Id, pk);
        var sortPart = sk is null ? [] : Delimited(sk);
        return [.. prefix, .. sortPart, .. baseKey.AsSpan(KeyCodec.TablePrefixLength)];
    }

    /// <summary>The attributes an index entry carries: the table and index keys, plus what the projection asks for.</summary>
    public static Item Project(IndexDefinition index, TableDefinition table, IReadOnlyDictionary<string, AttributeValue> item)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(item);
        if (index.Projection == ProjectionKind.ALL)
        {
            return item as Item ?? new Item(item);
        }

        var projected = new Item();
        void Copy(string name)
        {
            if (item.TryGetValue(name, out var value))
            {
                projected[name] = value;
            }
        }

        Copy(table.PartitionKey.Name);
        if (table.SortKey is not null)
        {
            Copy(table.SortKey.Name);
        }

        Copy(index.PartitionKey.Name);
        if (index.SortKey is not null)
        {
            Copy(index.SortKey.Name);
        }

        foreach (var name in index.NonKeyAttributes)
        {
            Copy(name);
        }

        return projected;
    }

    /// <summary>The order-preserving, self-delimiting encoding of an index sort key value.</summary>
    public static byte[] Delimited(AttributeValue value) => KeyCodec.EncodePartitionPrefix(0, value)[HeaderLength..];

    /// <summary>The same encoding without its terminator: every delimited value that begins with <paramref name="value"/> starts with it.</summary>
    public static byte[] DelimitedPrefix(AttributeValue value)
    {
        var delimited = Delimited(value);
        return delimited[..^2];
    }

    /// <summary>The index key attributes plus the table key attributes: an index's LastEvaluatedKey.</summary>
    public static Item LastKeyOf(IndexDefinition index, TableDefinition table, IReadOnlyDictionary<string, AttributeValue> entry)
    {
        ArgumentNullException.ThrowIfNull(index);
        var key = ItemKeys.KeyOf(table, entry);
        key[index.PartitionKey.Name] = entry[index.PartitionKey.Name];
        if (index.SortKey is not null)
        {
            key[index.SortKey.Name] = entry[index.SortKey.Name];
        }

        return key;
    }

    private static void Check(IndexDefinition index, KeyAttribute key, AttributeValue value)
    {
        if (value.Kind != key.Kind)
        {
            throw new ValidationException(
                $"One or more parameter values were invalid: Type mismatch for Index Key {key.Name} Expected: {key.Kind} Actual: {value.Kind} IndexName: {index.Name}");
        }

        var empty = value.Kind switch
        {
            AttributeKind.S => value.S!.Length == 0,
            AttributeKind.B => value.B!.Length == 0,
            _ => false,
        };
        if (empty)
        {
            throw new ValidationException(
                $"One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty {(value.Kind == AttributeKind.S ? "string" : "binary")} value. IndexName: {index.Name}, IndexKey: {key.Name}");
        }

        if (value.Kind == AttributeKind.S && Encoding.UTF8.GetByteCount(value.S!) > (key == index.PartitionKey ? Limits.MaxPartitionKeyBytes : Limits.MaxSortKeyBytes))
        {
            throw new ValidationException($"One or more parameter values were invalid: Index key size exceeds the maximum allowed size for index: {index.Name}");
        }
    }
}
