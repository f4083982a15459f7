using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace Basalt.Api.Tests.Conformance;

/// <summary>Short builders for AttributeValues and items: <c>Item(("pk", S("a")), ("n", N(1)))</c>.</summary>
internal static class Av
{
    public static AttributeValue S(string value) => new() { S = value };

    public static AttributeValue N(string value) => new() { N = value };

    public static AttributeValue N(long value) => N(value.ToString(CultureInfo.InvariantCulture));

    public static AttributeValue B(params byte[] value) => new() { B = new MemoryStream(value) };

    public static AttributeValue Bool(bool value) => new() { BOOL = value };

    public static AttributeValue Null() => new() { NULL = true };

    public static AttributeValue SS(params string[] values) => new() { SS = [.. values] };

    public static AttributeValue NS(params string[] values) => new() { NS = [.. values] };

    public static AttributeValue BS(params byte[][] values) => new() { BS = [.. values.Select(v => new MemoryStream(v))] };

    public static AttributeValue L(params AttributeValue[] values) => new() { L = [.. values] };

    public static AttributeValue M(params (string Name, AttributeValue Value)[] attributes) => new() { M = Item(attributes) };

    public static Dictionary<string, AttributeValue> Item(params (string Name, AttributeValue Value)[] attributes)
    {
        var item = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var (name, value) in attributes)
        {
            item[name] = value;
        }

        return item;
    }

    /// <summary>Key of a hash-only table with partition key "pk".</summary>
    public static Dictionary<string, AttributeValue> Key(string pk) => Item(("pk", S(pk)));

    /// <summary>Key of a table with partition key "pk" and sort key "sk".</summary>
    public static Dictionary<string, AttributeValue> Key(string pk, AttributeValue sk) => Item(("pk", S(pk)), ("sk", sk));

    /// <summary>A string of <paramref name="length"/> ASCII characters (one UTF-8 byte each).</summary>
    public static string Text(int length, char c = 'x') => new(c, length);

    /// <summary>
    /// Size of an item by DynamoDB's rules, for items whose values are S, B, BOOL, NULL only
    /// (attribute name bytes + value bytes; BOOL and NULL one byte).
    /// </summary>
    public static int SimpleSize(Dictionary<string, AttributeValue> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var size = 0;
        foreach (var (name, value) in item)
        {
            size += System.Text.Encoding.UTF8.GetByteCount(name);
            if (value.S is not null)
            {
                size += System.Text.Encoding.UTF8.GetByteCount(value.S);
            }
            else if (value.B is not null)
            {
                size += (int)value.B.Length;
            }
            else if (value.BOOL.HasValue || value.NULL.HasValue)
            {
                size += 1;
            }
            else
            {
                throw new ArgumentException("SimpleSize handles S, B, BOOL and NULL values only.", nameof(item));
            }
        }

        return size;
    }

    /// <summary>An item { pk: S(pk), fill: S(...) } padded to exactly <paramref name="totalBytes"/> bytes.</summary>
    public static Dictionary<string, AttributeValue> SizedItem(string pk, int totalBytes)
    {
        var fixedBytes = "pk".Length + System.Text.Encoding.UTF8.GetByteCount(pk) + "fill".Length;
        return Item(("pk", S(pk)), ("fill", S(Text(totalBytes - fixedBytes))));
    }

    /// <summary>An item { pk: S(pk), sk: sk, fill: S(...) } padded to exactly <paramref name="totalBytes"/> bytes (sk must be S).</summary>
    public static Dictionary<string, AttributeValue> SizedItem(string pk, string sk, int totalBytes)
    {
        var fixedBytes = "pk".Length + System.Text.Encoding.UTF8.GetByteCount(pk) + "sk".Length + System.Text.Encoding.UTF8.GetByteCount(sk) + "fill".Length;
        return Item(("pk", S(pk)), ("sk", S(sk)), ("fill", S(Text(totalBytes - fixedBytes))));
    }
}
