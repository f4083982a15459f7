using System.Text;
using CsCheck;

namespace Basalt.Model.Tests;

public class KeyComparerTests
{
    [Fact]
    public void StringsCompareByUtf8BytesNotUtf16Units()
    {
        // U+1F600 is a surrogate pair in UTF-16 (sorts before U+FFFF there) but F0 9F 98 80 in UTF-8 (after EF BF BF).
        AttributeValue emoji = AttributeValue.FromString("😀");
        AttributeValue high = AttributeValue.FromString("\uFFFF");
        Assert.True(string.CompareOrdinal(emoji.S, high.S) < 0);
        Assert.True(KeyComparer.Compare(emoji, high) > 0);
        Assert.True(KeyComparer.Compare(AttributeValue.FromString("a"), AttributeValue.FromString("ab")) < 0);
        Assert.True(KeyComparer.Compare(AttributeValue.FromString("B"), AttributeValue.FromString("a")) < 0);
        Assert.Equal(0, KeyComparer.Compare(AttributeValue.FromString("é"), AttributeValue.FromString("é")));
    }

    [Fact]
    public void StringOrderMatchesUtf8ByteOrder() =>
        Gen.Select(Generators.AttributeValueGen.KeyString, Generators.AttributeValueGen.KeyString).Sample((a, b) =>
            Math.Sign(KeyComparer.CompareUtf8Order(a, b)) == Math.Sign(Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b))));

    [Fact]
    public void NumbersCompareNumerically()
    {
        Assert.True(KeyComparer.Compare(AttributeValue.FromNumber(DynamoNumber.Parse("9")), AttributeValue.FromNumber(DynamoNumber.Parse("10"))) < 0);
        Assert.Equal(0, KeyComparer.Compare(AttributeValue.FromNumber(DynamoNumber.Parse("1")), AttributeValue.FromNumber(DynamoNumber.Parse("1.00"))));
    }

    [Fact]
    public void BinaryComparesUnsigned()
    {
        Assert.True(KeyComparer.Compare(AttributeValue.FromBinary([0x7F]), AttributeValue.FromBinary([0x80])) < 0);
        Assert.True(KeyComparer.Compare(AttributeValue.FromBinary([1]), AttributeValue.FromBinary([1, 0])) < 0);
    }

    [Fact]
    public void DifferentTypesCannotBeCompared() =>
        Assert.Throws<ArgumentException>(() => KeyComparer.Compare(AttributeValue.FromString("1"), AttributeValue.FromNumber(DynamoNumber.FromInt64(1))));
}
