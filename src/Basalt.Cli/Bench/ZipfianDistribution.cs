namespace Basalt.Cli.Bench;

/// <summary>
/// YCSB's scrambled Zipfian distribution: key of popularity rank r (0-based) is drawn with
/// probability proportional to 1/(r+1)^θ (θ = 0.99, YCSB's constant), using Gray et al.'s
/// "Quickly generating billion-record synthetic databases" method; ranks are then spread over the
/// key space by a fixed permutation so that the hot keys are not all neighbours (not all in one
/// partition or one storage block).
/// </summary>
internal sealed class ZipfianDistribution : KeyDistribution
{
    public const double YcsbTheta = 0.99;

    private readonly double _theta;
    private readonly double _zetaN;
    private readonly double _alpha;
    private readonly double _eta;
    private readonly double _halfPowTheta;
    private readonly ulong _multiplier;
    private readonly ulong _offset;

    public ZipfianDistribution(long count, double theta = YcsbTheta)
        : base(count)
    {
        if (theta is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(theta), "theta must be in (0, 1)");
        }

        _theta = theta;
        _zetaN = Zeta(count, theta);
        _alpha = 1.0 / (1.0 - theta);
        _halfPowTheta = Math.Pow(0.5, theta);
        var zeta2 = 1.0 + _halfPowTheta;
        _eta = count < 2 ? 0 : (1 - Math.Pow(2.0 / count, 1 - theta)) / (1 - zeta2 / _zetaN);
        _multiplier = CoprimeMultiplier((ulong)count);
        _offset = 0x2545F4914F6CDD1DUL % (ulong)count;
    }

    /// <summary>Σ_{i=1..n} 1/i^θ: the normalising constant, so P(rank r) = 1/((r+1)^θ · ζ(n)).</summary>
    public double ZetaN => _zetaN;

    /// <summary>The probability of the key of popularity rank <paramref name="rank"/>.</summary>
    public double Probability(long rank) => 1.0 / (Math.Pow(rank + 1, _theta) * _zetaN);

    public override long Next(ref FastRandom random) => Scramble(NextRank(ref random));

    /// <summary>A popularity rank: 0 is the hottest key.</summary>
    public long NextRank(ref FastRandom random)
    {
        var u = random.NextDouble();
        var uz = u * _zetaN;
        if (uz < 1.0)
        {
            return 0;
        }

        if (uz < 1.0 + _halfPowTheta)
        {
            return Count > 1 ? 1 : 0;
        }

        var rank = (long)(Count * Math.Pow(_eta * u - _eta + 1, _alpha));
        return Math.Min(rank, Count - 1);
    }

    /// <summary>The key index that holds popularity rank <paramref name="rank"/>: a bijection of [0, Count).</summary>
    public long Scramble(long rank) => (long)(((UInt128)(ulong)rank * _multiplier + _offset) % (ulong)Count);

    private static double Zeta(long n, double theta)
    {
        var sum = 0.0;
        for (long i = 1; i <= n; i++)
        {
            sum += 1.0 / Math.Pow(i, theta);
        }

        return sum;
    }

    private static ulong CoprimeMultiplier(ulong n)
    {
        if (n <= 2)
        {
            return 1;
        }

        var candidate = 0x9E3779B97F4A7C15UL % n;
        while (candidate < 2 || Gcd(candidate, n) != 1)
        {
            candidate = (candidate + 1) % n;
        }

        return candidate;
    }

    private static ulong Gcd(ulong a, ulong b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
