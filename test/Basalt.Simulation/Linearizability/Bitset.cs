namespace Basalt.Simulation.Linearizability;

/// <summary>A fixed-size set of operation ids, compared by value.</summary>
internal sealed class Bitset : IEquatable<Bitset>
{
    private readonly ulong[] words;

    public Bitset(int size) => words = new ulong[(size + 63) / 64];

    private Bitset(ulong[] words) => this.words = words;

    public void Set(int i) => words[i >> 6] |= 1UL << (i & 63);

    public void Clear(int i) => words[i >> 6] &= ~(1UL << (i & 63));

    public Bitset Clone() => new((ulong[])words.Clone());

    public bool Equals(Bitset? other) => other is not null && words.AsSpan().SequenceEqual(other.words);

    public override bool Equals(object? obj) => Equals(obj as Bitset);

    public override int GetHashCode()
    {
        ulong h = 1469598103934665603UL;
        foreach (var w in words)
        {
            h = (h ^ w) * 1099511628211UL;
        }

        return (int)(h ^ (h >> 32));
    }
}
