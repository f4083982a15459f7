namespace Basalt.Cli.Bench;

/// <summary>How the load generator picks which of <c>n</c> keys a request touches.</summary>
internal enum DistributionKind
{
    Uniform,
    Zipfian,
}

/// <summary>Chooses key indexes in [0, Count). Immutable, so one instance serves every worker.</summary>
internal abstract class KeyDistribution
{
    protected KeyDistribution(long count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Count = count;
    }

    public long Count { get; }

    public abstract long Next(ref FastRandom random);

    public static KeyDistribution Create(DistributionKind kind, long count) => kind switch
    {
        DistributionKind.Uniform => new UniformDistribution(count),
        DistributionKind.Zipfian => new ZipfianDistribution(count),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}

/// <summary>Every key equally likely.</summary>
internal sealed class UniformDistribution(long count) : KeyDistribution(count)
{
    public override long Next(ref FastRandom random) => random.NextInt64(Count);
}
