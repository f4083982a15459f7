using Basalt.Model.Tests.Generators;
using CsCheck;

namespace Basalt.Model.Tests;

public class AttributeValueEqualityTests
{
    private static DynamoNumber N(string text) => DynamoNumber.Parse(text);

    [Fact]
    public void NumbersCompareNumerically()
    {
        Assert.Equal(AttributeValue.FromNumber(N("1")), AttributeValue.FromNumber(N("1.0")));
        Assert.Equal(AttributeValue.FromNumber(N("1")).GetHashCode(), AttributeValue.FromNumber(N("10e-1")).GetHashCode());
        Assert.NotEqual(AttributeValue.FromNumber(N("1")), AttributeValue.FromNumber(N("1.01")));
    }

    [Fact]
    public void SetsCompareAsSets()
    {
        AttributeValue a = AttributeValue.FromStringSet(["x", "y", "z"]);
        AttributeValue b = AttributeValue.FromStringSet(["z", "x", "y"]);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, AttributeValue.FromStringSet(["x", "y"]));
        Assert.Equal(AttributeValue.FromNumberSet([N("1"), N("2")]), AttributeValue.FromNumberSet([N("2.0"), N("1.00")]));
        Assert.Equal(AttributeValue.FromBinarySet([[1], [2]]), AttributeValue.FromBinarySet([[2], [1]]));
        Assert.NotEqual(AttributeValue.FromBinarySet([[1], [2]]), AttributeValue.FromBinarySet([[2], [3]]));
    }

    [Fact]
    public void LargeSetsCompareAsSets()
    {
        string[] members = Enumerable.Range(0, 50).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        AttributeValue a = AttributeValue.FromStringSet(members);
        AttributeValue b = AttributeValue.FromStringSet(members.Reverse().ToArray());
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        string[] changed = members.ToArray();
        changed[7] = "x";
        Assert.NotEqual(a, AttributeValue.FromStringSet(changed));
    }

    [Fact]
    public void MapsIgnoreOrderAndListsDoNot()
    {
        AttributeValue m1 = AttributeValue.FromMap(new Dictionary<string, AttributeValue> { ["a"] = AttributeValue.True, ["b"] = AttributeValue.Null });
        AttributeValue m2 = AttributeValue.FromMap(new Dictionary<string, AttributeValue> { ["b"] = AttributeValue.Null, ["a"] = AttributeValue.True });
        Assert.Equal(m1, m2);
        Assert.Equal(m1.GetHashCode(), m2.GetHashCode());
        Assert.NotEqual(
            AttributeValue.FromList([AttributeValue.True, AttributeValue.False]),
            AttributeValue.FromList([AttributeValue.False, AttributeValue.True]));
    }

    [Fact]
    public void DifferentKindsAreNeverEqual()
    {
        Assert.NotEqual(AttributeValue.FromString("1"), AttributeValue.FromNumber(N("1")));
        Assert.NotEqual(AttributeValue.FromStringSet(["a"]), AttributeValue.FromList([AttributeValue.FromString("a")]));
        Assert.False(AttributeValueEquality.AreEqual(AttributeValue.Null, null));
        Assert.True(AttributeValueEquality.AreEqual(null, null));
    }

    [Fact]
    public void BinaryComparesByContent() =>
        Assert.Equal(AttributeValue.FromBinary([1, 2]), AttributeValue.FromBinary([1, 2]));

    [Fact]
    public void ReversingSetsAndMapsKeepsValuesEqualWithEqualHashes() =>
        AttributeValueGen.Any.Sample(value =>
        {
            AttributeValue shuffled = Reverse(value);
            return shuffled.Equals(value) && shuffled.GetHashCode() == value.GetHashCode();
        });

    private static AttributeValue Reverse(AttributeValue value) => value.Kind switch
    {
        AttributeKind.SS => AttributeValue.FromStringSet(value.SS!.Reverse().ToArray()),
        AttributeKind.NS => AttributeValue.FromNumberSet(value.NS!.Reverse().ToArray()),
        AttributeKind.BS => AttributeValue.FromBinarySet(value.BS!.Reverse().Select(b => b.ToArray()).ToArray()),
        AttributeKind.L => AttributeValue.FromList(value.L!.Select(Reverse).ToArray()),
        AttributeKind.M => AttributeValue.FromMap(value.M!.Reverse().ToDictionary(kv => kv.Key, kv => Reverse(kv.Value), StringComparer.Ordinal)),
        AttributeKind.B => AttributeValue.FromBinary(value.B!.ToArray()),
        _ => value,
    };
}
