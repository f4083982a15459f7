using System.Text;

namespace Basalt.Model;

/// <summary>
/// Item and attribute sizes by DynamoDB's rules: strings by UTF-8 bytes, binary by raw length,
/// numbers by <see cref="DynamoNumber.SizeInBytes"/>, BOOL and NULL 1 byte, lists and maps 3 bytes
/// plus 1 per element plus the elements (map keys counted like attribute names), sets the sum of
/// their members.
/// </summary>
public static class ItemSize
{
    private const int DocumentOverhead = 3;
    private const int ElementOverhead = 1;

    /// <summary>Size of a value (without any attribute name).</summary>
    public static int Of(AttributeValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (value.Kind)
        {
            case AttributeKind.S:
                return value.Utf8Length;
            case AttributeKind.N:
                return value.N.SizeInBytes;
            case AttributeKind.B:
                return value.B!.Length;
            case AttributeKind.BOOL:
            case AttributeKind.NULL:
                return 1;
            case AttributeKind.M:
                return DocumentOverhead + (value.M!.Count * ElementOverhead) + Of(value.M);

            case AttributeKind.L:
            {
                int size = DocumentOverhead;
                IReadOnlyList<AttributeValue> list = value.L!;
                for (int i = 0; i < list.Count; i++)
                {
                    size += ElementOverhead + Of(list[i]);
                }

                return size;
            }

            case AttributeKind.SS:
            {
                int size = 0;
                IReadOnlyList<string> set = value.SS!;
                for (int i = 0; i < set.Count; i++)
                {
                    size += Encoding.UTF8.GetByteCount(set[i]);
                }

                return size;
            }

            case AttributeKind.NS:
            {
                int size = 0;
                IReadOnlyList<DynamoNumber> set = value.NS!;
                for (int i = 0; i < set.Count; i++)
                {
                    size += set[i].SizeInBytes;
                }

                return size;
            }

            case AttributeKind.BS:
            {
                int size = 0;
                IReadOnlyList<byte[]> set = value.BS!;
                for (int i = 0; i < set.Count; i++)
                {
                    size += set[i].Length;
                }

                return size;
            }

            default:
                throw new ArgumentException($"Unknown attribute kind {value.Kind}", nameof(value));
        }
    }

    /// <summary>Size of an attribute: its name's UTF-8 bytes plus its value.</summary>
    public static int Of(string name, AttributeValue value)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Encoding.UTF8.GetByteCount(name) + Of(value);
    }

    /// <summary>Size of an item: the sum of its attributes' names and values.</summary>
    public static int Of(IReadOnlyDictionary<string, AttributeValue> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        int size = 0;
        if (item is Dictionary<string, AttributeValue> dictionary)
        {
            // The struct enumerator: no allocation on the common path.
            foreach (KeyValuePair<string, AttributeValue> attribute in dictionary)
            {
                size += Encoding.UTF8.GetByteCount(attribute.Key) + Of(attribute.Value);
            }

            return size;
        }

        foreach (KeyValuePair<string, AttributeValue> attribute in item)
        {
            size += Encoding.UTF8.GetByteCount(attribute.Key) + Of(attribute.Value);
        }

        return size;
    }
}
