namespace Basalt.Model.Tests;

public class ItemSizeTests
{
    private static AttributeValue N(string text) => AttributeValue.FromNumber(DynamoNumber.Parse(text));

    [Fact]
    public void StringsCountUtf8Bytes()
    {
        Assert.Equal(0, ItemSize.Of(AttributeValue.FromString(string.Empty)));
        Assert.Equal(3, ItemSize.Of(AttributeValue.FromString("abc")));
        Assert.Equal(2, ItemSize.Of(AttributeValue.FromString("é")));
        Assert.Equal(4, ItemSize.Of(AttributeValue.FromString("😀")));
    }

    [Fact]
    public void ScalarsFollowDynamoDbRules()
    {
        Assert.Equal(3, ItemSize.Of(AttributeValue.FromBinary([1, 2, 3])));
        Assert.Equal(1, ItemSize.Of(AttributeValue.True));
        Assert.Equal(1, ItemSize.Of(AttributeValue.Null));
        Assert.Equal(5, ItemSize.Of(N("3.14159")));
        Assert.Equal(3, ItemSize.Of(N("-42")));
    }

    [Fact]
    public void DocumentsCostThreeBytesPlusOnePerElement()
    {
        Assert.Equal(3, ItemSize.Of(AttributeValue.FromMap(new Dictionary<string, AttributeValue>())));
        Assert.Equal(3, ItemSize.Of(AttributeValue.FromList([])));
        // 3 + (1 + "ab" 2 + "xyz" 3)
        Assert.Equal(9, ItemSize.Of(AttributeValue.FromMap(new Dictionary<string, AttributeValue> { ["ab"] = AttributeValue.FromString("xyz") })));
        // 3 + (1 + 1) + (1 + 2)
        Assert.Equal(8, ItemSize.Of(AttributeValue.FromList([AttributeValue.True, N("1")])));
    }

    [Fact]
    public void SetsSumTheirMembers()
    {
        Assert.Equal(5, ItemSize.Of(AttributeValue.FromStringSet(["ab", "cde"])));
        Assert.Equal(4, ItemSize.Of(AttributeValue.FromNumberSet([DynamoNumber.FromInt64(1), DynamoNumber.FromInt64(12)])));
        Assert.Equal(3, ItemSize.Of(AttributeValue.FromBinarySet([[1], [2, 3]])));
    }

    [Fact]
    public void ItemSizeSumsNamesAndValues()
    {
        var item = new Item
        {
            ["pk"] = AttributeValue.FromString("abc"),
            ["n"] = N("1.5"),
            ["é"] = AttributeValue.Null,
        };
        Assert.Equal(2 + 3 + 1 + 3 + 2 + 1, ItemSize.Of(item));
    }

    [Fact]
    public void PaddingAStringToTheLimitLandsExactlyOnIt()
    {
        var item = new Item { ["pk"] = AttributeValue.FromString("k") };
        int padding = Limits.MaxItemSizeBytes - ItemSize.Of(item) - 1;
        item["p"] = AttributeValue.FromString(new string('x', padding));
        Assert.Equal(Limits.MaxItemSizeBytes, ItemSize.Of(item));
    }
}
