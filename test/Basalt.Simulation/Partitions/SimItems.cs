using Basalt.Model;

namespace Basalt.Simulation.Partitions;

/// <summary>A key the clients use: its name in the history, its partition, its encoded item key.</summary>
internal sealed record SimKey(string Name, ulong Group, byte[] ItemKey);

/// <summary>The items of partition mode: <c>{ pk: S, v: N }</c> in the stored encoding, as the server writes them.</summary>
internal static class SimItems
{
    private const ulong TableId = 1;

    public static SimKey Key(string name, ulong group) =>
        new(name, group, KeyCodec.EncodeItemKey(TableId, AttributeValue.FromString(name), null));

    public static byte[] Encode(string name, string value) =>
        ItemCodec.Encode(new Item { ["pk"] = AttributeValue.FromString(name), ["v"] = AttributeValue.FromNumber(DynamoNumber.Parse(value)) }, new ItemHeader(0, 0));

    /// <summary>The value of attribute v of a stored item (null = no item).</summary>
    public static string? ValueOf(byte[]? stored) =>
        stored is null ? null : ItemCodec.Decode(stored, out _)["v"].N.ToString();

    public static string Number(long value) => DynamoNumber.FromInt64(value).ToString();

    public static string Increment(string? value) =>
        value is null ? Number(1) : (DynamoNumber.Parse(value) + DynamoNumber.FromInt64(1)).ToString();
}
