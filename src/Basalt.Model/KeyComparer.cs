namespace Basalt.Model;

/// <summary>
/// DynamoDB's key order: S by UTF-8 bytes, N numerically, B by unsigned bytes. Both values must be
/// of the same key type.
/// </summary>
public sealed class KeyComparer : IComparer<AttributeValue>
{
    public static readonly KeyComparer Instance = new();

    int IComparer<AttributeValue>.Compare(AttributeValue? x, AttributeValue? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return Compare(x, y);
    }

    public static int Compare(AttributeValue a, AttributeValue b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Kind != b.Kind)
        {
            throw new ArgumentException($"Cannot compare key values of types {a.Kind} and {b.Kind}");
        }

        return a.Kind switch
        {
            AttributeKind.S => CompareUtf8Order(a.S, b.S),
            AttributeKind.N => a.N.CompareTo(b.N),
            AttributeKind.B => a.B.AsSpan().SequenceCompareTo(b.B),
            _ => throw new ArgumentException($"{a.Kind} is not a key type"),
        };
    }

    /// <summary>
    /// Compares strings in the order of their UTF-8 encodings (code point order) without encoding
    /// them: UTF-16 order differs only where a surrogate meets a unit in U+E000..U+FFFF.
    /// </summary>
    public static int CompareUtf8Order(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        int common = a.CommonPrefixLength(b);
        if (common == a.Length || common == b.Length)
        {
            return a.Length.CompareTo(b.Length);
        }

        return Fixup(a[common]).CompareTo(Fixup(b[common]));
    }

    // Surrogates (D800-DFFF) encode code points above FFFF, so they must sort after E000-FFFF.
    private static int Fixup(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
}
