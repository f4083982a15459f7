namespace Basalt.Simulation;

/// <summary>
/// The simulation's only source of randomness: xoshiro256** seeded through splitmix64, so a seed
/// gives the same stream on every machine and runtime.
/// </summary>
public sealed class SimRandom
{
    private ulong s0, s1, s2, s3;

    public SimRandom(ulong seed)
    {
        var x = seed;
        s0 = SplitMix(ref x);
        s1 = SplitMix(ref x);
        s2 = SplitMix(ref x);
        s3 = SplitMix(ref x);
    }

    public ulong NextULong()
    {
        var result = RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, max).</summary>
    public int Next(int max) => max <= 0 ? 0 : (int)(NextULong() % (ulong)max);

    /// <summary>Uniform in [min, max).</summary>
    public int Next(int min, int max) => min + Next(max - min);

    /// <summary>Uniform in [min, max).</summary>
    public long NextLong(long min, long max) => max <= min ? min : min + (long)(NextULong() % (ulong)(max - min));

    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(double p) => p > 0 && NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>An independent stream derived from this one.</summary>
    public SimRandom Fork() => new(NextULong());

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}

/// <summary>Presents a <see cref="SimRandom"/> as <see cref="Random"/> for the Raft node's election jitter.</summary>
internal sealed class SimRandomAdapter(SimRandom source) : Random
{
    public override int Next() => source.Next(int.MaxValue);

    public override int Next(int maxValue) => source.Next(maxValue);

    public override int Next(int minValue, int maxValue) => source.Next(minValue, maxValue);

    public override double NextDouble() => source.NextDouble();

    protected override double Sample() => source.NextDouble();
}
