namespace Basalt.Model;

/// <summary>An item: attribute name → value, names compared ordinally.</summary>
public sealed class Item : Dictionary<string, AttributeValue>
{
    public Item()
        : base(StringComparer.Ordinal)
    {
    }

    public Item(int capacity)
        : base(capacity, StringComparer.Ordinal)
    {
    }

    public Item(IEnumerable<KeyValuePair<string, AttributeValue>> attributes)
        : base(attributes, StringComparer.Ordinal)
    {
    }
}
