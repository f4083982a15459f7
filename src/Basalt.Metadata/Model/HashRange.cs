namespace Basalt.Metadata.Model;

/// <summary>
/// A contiguous range of the 64-bit partition-key hash space, [<see cref="Lo"/>, <see cref="Hi"/>).
/// Stored with its inclusive upper end <see cref="Last"/> so the range that ends at 2⁶⁴ needs no
/// wider type.
/// </summary>
public readonly record struct HashRange
{
    /// <summary>A range from <paramref name="lo"/> through <paramref name="last"/>, both inclusive.</summary>
    public HashRange(ulong lo, ulong last)
    {
        if (last < lo)
        {
            throw new ArgumentException($"Empty hash range [{lo}, {last}].");
        }

        Lo = lo;
        Last = last;
    }

    /// <summary>The whole hash space.</summary>
    public static HashRange All { get; } = new(0, ulong.MaxValue);

    /// <summary>First hash in the range.</summary>
    public ulong Lo { get; }

    /// <summary>Last hash in the range (inclusive).</summary>
    public ulong Last { get; }

    /// <summary>The exclusive upper end (2⁶⁴ for the last range of a table).</summary>
    public UInt128 Hi => (UInt128)Last + 1;

    /// <summary>Whether the range holds <paramref name="hash"/>.</summary>
    public bool Contains(ulong hash) => hash >= Lo && hash <= Last;

    /// <summary>Whether the two ranges share a hash.</summary>
    public bool Overlaps(HashRange other) => Lo <= other.Last && other.Lo <= Last;

    /// <summary>
    /// The <paramref name="count"/> equal ranges that partition i of n owns under the even layout
    /// ⌊h·n / 2⁶⁴⌋ = i (the layout tables are created with today).
    /// </summary>
    public static HashRange[] Even(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var ranges = new HashRange[count];
        for (var i = 0; i < count; i++)
        {
            ranges[i] = new HashRange(EvenStart(i, count), i == count - 1 ? ulong.MaxValue : EvenStart(i + 1, count) - 1);
        }

        return ranges;
    }

    /// <summary>The smallest h with ⌊h·n / 2⁶⁴⌋ = i, that is ⌈i·2⁶⁴ / n⌉.</summary>
    private static ulong EvenStart(int i, int n) => (ulong)((((UInt128)(uint)i << 64) + (uint)n - 1) / (uint)n);

    /// <inheritdoc/>
    public override string ToString() => $"[{Lo:x16}, {Last:x16}]";
}
