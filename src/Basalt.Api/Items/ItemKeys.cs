using System.Text;
using Basalt.Api.Tables;
using Basalt.Model;

namespace Basalt.Api.Items;

/// <summary>
/// Extracts and validates an item's primary key against the table's key schema, with DynamoDB's
/// messages, and encodes it as a storage key.
/// </summary>
public static class ItemKeys
{
    public const string SchemaMismatch = "The provided key element does not match the schema";

    /// <summary>Validates a Key parameter: exactly the key attributes, of the right types.</summary>
    public static byte[] FromKey(TableDefinition table, IReadOnlyDictionary<string, AttributeValue>? key)
    {
        if (key is null)
        {
            throw new ValidationException(SchemaMismatch);
        }

        var expected = table.SortKey is null ? 1 : 2;
        if (key.Count != expected
            || !key.TryGetValue(table.PartitionKey.Name, out var pk)
            || pk.Kind != table.PartitionKey.Kind)
        {
            throw new ValidationException(SchemaMismatch);
        }

        AttributeValue? sk = null;
        if (table.SortKey is not null && (!key.TryGetValue(table.SortKey.Name, out sk) || sk.Kind != table.SortKey.Kind))
        {
            throw new ValidationException(SchemaMismatch);
        }

        CheckKeyValue(table.PartitionKey.Name, pk, isPartitionKey: true);
        if (sk is not null)
        {
            CheckKeyValue(table.SortKey!.Name, sk, isPartitionKey: false);
        }

        return KeyCodec.EncodeItemKey(table.Id, pk, sk);
    }

    /// <summary>
    /// Validates the key attributes inside a full item (PutItem) and encodes its key. A missing or
    /// mistyped key attribute gets <paramref name="mismatchMessage"/> when given (BatchWriteItem
    /// says only that the key does not match the schema), else PutItem's detailed messages.
    /// </summary>
    public static byte[] FromItem(TableDefinition table, IReadOnlyDictionary<string, AttributeValue> item, string? mismatchMessage = null)
    {
        var pk = ItemKeyAttribute(table.PartitionKey, item, mismatchMessage);
        CheckKeyValue(table.PartitionKey.Name, pk, isPartitionKey: true);
        AttributeValue? sk = null;
        if (table.SortKey is not null)
        {
            sk = ItemKeyAttribute(table.SortKey, item, mismatchMessage);
            CheckKeyValue(table.SortKey.Name, sk, isPartitionKey: false);
        }

        return KeyCodec.EncodeItemKey(table.Id, pk, sk);
    }

    /// <summary>The key attributes of an item, as a Key map (LastEvaluatedKey, UnprocessedKeys...).</summary>
    public static Item KeyOf(TableDefinition table, IReadOnlyDictionary<string, AttributeValue> item)
    {
        var key = new Item(2) { [table.PartitionKey.Name] = item[table.PartitionKey.Name] };
        if (table.SortKey is not null)
        {
            key[table.SortKey.Name] = item[table.SortKey.Name];
        }

        return key;
    }

    private static AttributeValue ItemKeyAttribute(KeyAttribute key, IReadOnlyDictionary<string, AttributeValue> item, string? mismatchMessage)
    {
        if (mismatchMessage is not null && (!item.TryGetValue(key.Name, out var found) || found.Kind != key.Kind))
        {
            throw new ValidationException(mismatchMessage);
        }

        if (!item.TryGetValue(key.Name, out var value))
        {
            throw new ValidationException($"One or more parameter values were invalid: Missing the key {key.Name} in the item");
        }

        if (value.Kind != key.Kind)
        {
            throw new ValidationException(
                $"One or more parameter values were invalid: Type mismatch for key {key.Name} expected: {key.Kind} actual: {value.Kind}");
        }

        return value;
    }

    private static void CheckKeyValue(string name, AttributeValue value, bool isPartitionKey)
    {
        var size = value.Kind switch
        {
            AttributeKind.S => Encoding.UTF8.GetByteCount(value.S!),
            AttributeKind.B => value.B!.Length,
            _ => value.N.SizeInBytes,
        };
        if (size == 0)
        {
            var what = value.Kind == AttributeKind.S ? "string" : "binary";
            throw new ValidationException(
                $"One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty {what} value. Key: {name}");
        }

        if (isPartitionKey && size > Limits.MaxPartitionKeyBytes)
        {
            throw new ValidationException(
                "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes");
        }

        if (!isPartitionKey && size > Limits.MaxSortKeyBytes)
        {
            throw new ValidationException(
                "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
        }
    }
}
