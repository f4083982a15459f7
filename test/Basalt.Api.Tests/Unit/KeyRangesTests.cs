using Basalt.Api.Items;

namespace Basalt.Api.Tests.Unit;

public class KeyRangesTests
{
    [Fact]
    public void PrefixEnd_IsGreaterThanEveryKeyWithThePrefix()
    {
        byte[] prefix = [1, 2, 0xFF];
        var end = KeyRanges.PrefixEnd(prefix);
        Assert.Equal(new byte[] { 1, 3 }, end);
        Assert.True(new byte[] { 1, 2, 0xFF, 0xFF, 0xFF }.AsSpan().SequenceCompareTo(end) < 0);
        Assert.True(new byte[] { 1, 3 }.AsSpan().SequenceCompareTo(end) >= 0);
    }

    [Fact]
    public void PrefixEnd_OfAllOnes_IsUnbounded() => Assert.Empty(KeyRanges.PrefixEnd([0xFF, 0xFF]));

    [Fact]
    public void Successor_IsTheSmallestGreaterKey()
    {
        var next = KeyRanges.Successor([5, 6]);
        Assert.Equal(new byte[] { 5, 6, 0 }, next);
    }
}
