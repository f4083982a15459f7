using Basalt.Api.TimeToLive;
using Basalt.Model;

namespace Basalt.Api.Tests.TimeToLive;

public sealed class ExpiryRuleTests
{
    private static readonly DateTimeOffset Now = new(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static Item With(AttributeValue value) => new() { ["ttl"] = value };

    private static AttributeValue Number(string text) => AttributeValue.FromNumber(DynamoNumber.Parse(text));

    [Theory]
    [InlineData(-1, true)]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(-157_000_000, true)]   // just under five years ago
    [InlineData(-158_000_000, false)]  // more than five years ago: DynamoDB ignores it
    public void A_number_of_epoch_seconds_expires_once_past_and_not_when_over_five_years_old(long offsetSeconds, bool expired)
    {
        var value = Number((Now.ToUnixTimeSeconds() + offsetSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expired, ExpiryRule.IsExpired(With(value), "ttl", Now));
    }

    [Fact]
    public void Other_types_and_missing_attributes_never_expire()
    {
        Assert.False(ExpiryRule.IsExpired(With(AttributeValue.FromString("1")), "ttl", Now));
        Assert.False(ExpiryRule.IsExpired(With(AttributeValue.FromNumberSet([DynamoNumber.FromInt64(1)])), "ttl", Now));
        Assert.False(ExpiryRule.IsExpired(new Item(), "ttl", Now));
        Assert.False(ExpiryRule.IsExpired(null, "ttl", Now));
        Assert.False(ExpiryRule.IsExpired(With(Number("1")), "other", Now));
    }
}
