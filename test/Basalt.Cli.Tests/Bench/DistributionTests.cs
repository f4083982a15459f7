using Basalt.Cli.Bench;

namespace Basalt.Cli.Tests.Bench;

/// <summary>Key distributions: ranges, uniformity, Zipf's law and the scrambling permutation.</summary>
public sealed class DistributionTests
{
    private const int Draws = 200_000;

    [Fact]
    public void UniformKeysStayInRangeAndFillEveryBucketEvenly()
    {
        var distribution = KeyDistribution.Create(DistributionKind.Uniform, 10);
        var random = new FastRandom(1);
        var counts = new int[10];
        for (var i = 0; i < Draws; i++)
        {
            counts[distribution.Next(ref random)]++;
        }

        Assert.All(counts, count => Assert.InRange(count, Draws / 10 * 0.97, Draws / 10 * 1.03));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(997)]
    [InlineData(1000)]
    [InlineData(65536)]
    public void ScramblingIsAPermutationOfTheKeySpace(int count)
    {
        var zipfian = new ZipfianDistribution(count);
        var seen = new bool[count];
        for (var rank = 0; rank < count; rank++)
        {
            var key = zipfian.Scramble(rank);
            Assert.InRange(key, 0, count - 1);
            Assert.False(seen[key], $"rank {rank} maps to key {key} twice");
            seen[key] = true;
        }
    }

    [Fact]
    public void ZipfianRanksFollowZipfsLawForTheHottestKeys()
    {
        var zipfian = new ZipfianDistribution(1000);
        var random = new FastRandom(7);
        var counts = new int[1000];
        for (var i = 0; i < Draws; i++)
        {
            counts[zipfian.NextRank(ref random)]++;
        }

        // Ranks 0 and 1 are exact in Gray et al.'s method; the rest follow the law approximately.
        Assert.InRange(counts[0] / (double)Draws, zipfian.Probability(0) - 0.004, zipfian.Probability(0) + 0.004);
        Assert.InRange(counts[1] / (double)Draws, zipfian.Probability(1) - 0.004, zipfian.Probability(1) + 0.004);
        var top10 = counts.Take(10).Sum() / (double)Draws;
        var expectedTop10 = Enumerable.Range(0, 10).Sum(r => zipfian.Probability(r));
        Assert.InRange(top10, expectedTop10 - 0.03, expectedTop10 + 0.03);
        Assert.True(counts[0] > 5 * counts[20], "the hottest key is far hotter than the 21st");
    }

    [Fact]
    public void ZipfianIsSkewedButReachesTheWholeKeySpace()
    {
        var zipfian = KeyDistribution.Create(DistributionKind.Zipfian, 100);
        var random = new FastRandom(3);
        var counts = new int[100];
        for (var i = 0; i < Draws; i++)
        {
            counts[zipfian.Next(ref random)]++;
        }

        Assert.All(counts, count => Assert.True(count > 0));
        Assert.True(counts.Max() > 10 * counts.Min());
    }

    [Fact]
    public void ZipfianOverOneKeyAlwaysPicksIt()
    {
        var zipfian = new ZipfianDistribution(1);
        var random = new FastRandom(5);
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(0, zipfian.Next(ref random));
        }
    }

    [Fact]
    public void ZipfianProbabilitiesSumToOne()
    {
        var zipfian = new ZipfianDistribution(500);

        var total = Enumerable.Range(0, 500).Sum(r => zipfian.Probability(r));

        Assert.Equal(1.0, total, 9);
    }

    [Fact]
    public void SameSeedGivesTheSameKeys()
    {
        var zipfian = KeyDistribution.Create(DistributionKind.Zipfian, 10_000);
        var a = new FastRandom(11);
        var b = new FastRandom(11);
        var c = new FastRandom(12);
        var same = true;
        var differs = false;
        for (var i = 0; i < 100; i++)
        {
            var x = zipfian.Next(ref a);
            same &= x == zipfian.Next(ref b);
            differs |= x != zipfian.Next(ref c);
        }

        Assert.True(same);
        Assert.True(differs);
    }

    [Fact]
    public void NextDoubleIsInTheUnitInterval()
    {
        var random = new FastRandom(9);
        double min = 1, max = 0;
        for (var i = 0; i < Draws; i++)
        {
            var d = random.NextDouble();
            min = Math.Min(min, d);
            max = Math.Max(max, d);
        }

        Assert.InRange(min, 0, 0.001);
        Assert.InRange(max, 0.999, 0.99999999999);
    }
}
