using Basalt.Api.Items;
using Basalt.Model;

namespace Basalt.Api.Tests.Unit;

public class ScanSegmentsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(1000)]
    public void Segments_AreContiguousAndCoverTheTable(int total)
    {
        var prefix = KeyCodec.EncodeTablePrefix(42);
        var (first, _) = ScanSegments.Range(42, 0, total);
        Assert.Equal(prefix.Concat(total == 1 ? [] : new byte[8]).ToArray(), first);
        byte[]? previousUpper = null;
        for (var i = 0; i < total; i++)
        {
            var (lower, upper) = ScanSegments.Range(42, i, total);
            if (previousUpper is not null)
            {
                Assert.Equal(previousUpper, lower);
            }

            Assert.True(lower.AsSpan().SequenceCompareTo(upper) < 0);
            previousUpper = upper;
        }

        Assert.Equal(KeyRanges.PrefixEnd(prefix), previousUpper);
    }

    [Fact]
    public void EveryItemKey_FallsInExactlyOneSegment()
    {
        const int total = 5;
        for (var n = 0; n < 500; n++)
        {
            var key = KeyCodec.EncodeItemKey(9, AttributeValue.FromString("pk" + n), null);
            var hits = 0;
            for (var i = 0; i < total; i++)
            {
                var (lower, upper) = ScanSegments.Range(9, i, total);
                if (key.AsSpan().SequenceCompareTo(lower) >= 0 && key.AsSpan().SequenceCompareTo(upper) < 0)
                {
                    hits++;
                }
            }

            Assert.Equal(1, hits);
        }
    }
}
