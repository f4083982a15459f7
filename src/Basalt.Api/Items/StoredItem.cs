using Basalt.Model;

namespace Basalt.Api.Items;

/// <summary>
/// An item as a write read it from storage: its stored encoding, decoded into an <see cref="Model.Item"/>
/// only when something needs its attributes (a condition, returned values, an update expression, index
/// or stream maintenance). A plain replacement — PutItem or DeleteItem without a condition or returned
/// values on a table without indexes or a stream — needs only its size, which is read from the encoding.
/// One per write evaluation; not thread-safe.
/// </summary>
public sealed class StoredItem
{
    private readonly byte[] _encoded;
    private Item? _item;
    private int _size = -1;

    public StoredItem(byte[] encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        _encoded = encoded;
    }

    /// <summary>The item's attributes (decoded on first use).</summary>
    public Item Item => _item ??= ItemCodec.Decode(_encoded, out _);

    /// <summary>The item's size by DynamoDB's rules, without decoding it.</summary>
    public int Size => _size >= 0 ? _size : _size = EncodedItemJson.Size(_encoded);
}
