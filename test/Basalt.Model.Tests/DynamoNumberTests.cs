namespace Basalt.Model.Tests;

public class DynamoNumberTests
{
    private const string NotANumber = "The parameter cannot be converted to a numeric value";

    [Theory]
    [InlineData("1", "1")]
    [InlineData("1.0", "1")]
    [InlineData("10E-1", "1")]
    [InlineData("1.5", "1.5")]
    [InlineData("100", "100")]
    [InlineData("-0.001", "-0.001")]
    [InlineData("-0", "0")]
    [InlineData("+0", "0")]
    [InlineData("0.000", "0")]
    [InlineData("0e125", "0")]
    [InlineData("0042.1200", "42.12")]
    [InlineData("0001.23", "1.23")]
    [InlineData("1e5", "100000")]
    [InlineData("1E+5", "100000")]
    [InlineData("+3", "3")]
    [InlineData(".5", "0.5")]
    [InlineData("5.", "5")]
    [InlineData(".123", "0.123")]
    [InlineData("-17e5", "-1700000")]
    [InlineData("-17.4E37", "-174000000000000000000000000000000000000")]
    [InlineData("-7.1234", "-7.1234")]
    [InlineData("123.456e-2", "1.23456")]
    public void ParsesAndFormatsCanonically(string text, string expected) =>
        Assert.Equal(expected, DynamoNumber.Parse(text).ToString());

    [Fact]
    public void ManyLeadingFractionZerosCancelAgainstTheExponent() =>
        Assert.Equal("0.12", DynamoNumber.Parse("0." + new string('0', 140) + "12e140").ToString());

    [Fact]
    public void LargeExponentsFormatAsPlainDigits()
    {
        Assert.Equal("1" + new string('0', 100), DynamoNumber.Parse("1E+100").ToString());
        Assert.Equal("1" + new string('0', 125), DynamoNumber.Parse("1E125").ToString());
    }

    [Fact]
    public void TinyNumbersFormatAsPlainDecimals()
    {
        Assert.Equal("0." + new string('0', 129) + "1", DynamoNumber.Parse("1E-130").ToString());
        Assert.Equal("-0." + new string('0', 129) + "1", DynamoNumber.Parse("-1E-130").ToString());
    }

    [Fact]
    public void ThirtyEightDigitsAreAcceptedAndThirtyNineAreNot()
    {
        Assert.Equal("12345678901234567890123456789012345678", DynamoNumber.Parse("12345678901234567890123456789012345678").ToString());
        Assert.Equal("3.1415926535897932384626433832795028841", DynamoNumber.Parse("3.1415926535897932384626433832795028841").ToString());
        Assert.Equal(
            "31415926535897932384626433832795028841" + new string('0', 30),
            DynamoNumber.Parse("31415926535897932384626433832795028841e30").ToString());
        AssertRejected("123456789012345678901234567890123456789", DynamoNumber.TooManyDigitsMessage);
        AssertRejected("-1.23456789012345678901234567890123456789", DynamoNumber.TooManyDigitsMessage);
        AssertRejected("314159265358979323846.264338327950288419", DynamoNumber.TooManyDigitsMessage);
    }

    [Fact]
    public void TrailingAndLeadingZerosAreNotSignificant()
    {
        string fortyDigits = "1" + new string('0', 39);
        Assert.Equal(fortyDigits, DynamoNumber.Parse(fortyDigits).ToString());
        Assert.Equal("1.5", DynamoNumber.Parse("0000000000000000000000000000000000000000001.500000000000000000000000000000000000000000").ToString());
        AssertRejected("1000000000000000000000000000000000000001", DynamoNumber.TooManyDigitsMessage);
    }

    [Fact]
    public void RangeLimitsMatchDynamoDb()
    {
        Assert.Equal("0." + new string('0', 129) + "1", DynamoNumber.Parse("1e-130").ToString());
        DynamoNumber max = DynamoNumber.Parse("9.9999999999999999999999999999999999999E+125");
        Assert.Equal(125, max.AdjustedExponent);
        Assert.Equal(38, max.Digits);
        AssertRejected("1e126", DynamoNumber.OverflowMessage);
        AssertRejected("-1e126", DynamoNumber.OverflowMessage);
        AssertRejected("11e125", DynamoNumber.OverflowMessage);
        AssertRejected("1e-131", DynamoNumber.UnderflowMessage);
        AssertRejected("-1e-131", DynamoNumber.UnderflowMessage);
        AssertRejected("0.9e-130", DynamoNumber.UnderflowMessage);
    }

    [Fact]
    public void ExponentsBeyondIntegerRangeOverflowOrUnderflowAndBeyondLongCannotBeConverted()
    {
        AssertRejected("1e99999999999", DynamoNumber.OverflowMessage);
        AssertRejected("1e-99999999999", DynamoNumber.UnderflowMessage);
        AssertRejected("1e2147483648", DynamoNumber.OverflowMessage);
        AssertRejected("1e9223372036854775807", DynamoNumber.OverflowMessage);
        AssertRejected("1e9223372036854775808", NotANumber + ": 1e9223372036854775808");
    }

    [Fact]
    public void ZeroIsRangeCheckedByItsWrittenExponent()
    {
        AssertRejected("0e126", DynamoNumber.OverflowMessage);
        AssertRejected("0e-131", DynamoNumber.UnderflowMessage);
        Assert.True(DynamoNumber.Parse("0.0e126").IsZero);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("-NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("dog")]
    [InlineData("-dog")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("0x10")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("e5")]
    [InlineData(".")]
    [InlineData("-")]
    [InlineData("+")]
    [InlineData("1.2.3")]
    [InlineData("1,5")]
    [InlineData("--1")]
    [InlineData("1e5.5")]
    [InlineData("١")]
    public void InvalidTextIsRejectedWithTheTextEchoed(string text) => AssertRejected(text, NotANumber + ": " + text);

    [Fact]
    public void EmptyTextIsRejectedWithAnEmptyEcho() => AssertRejected(string.Empty, NotANumber + ": ");

    [Fact]
    public void ParseThrowsValidationException()
    {
        ValidationException e = Assert.Throws<ValidationException>(() => DynamoNumber.Parse("1e126"));
        Assert.Equal(DynamoNumber.OverflowMessage, e.Message);
        Assert.Equal("ValidationException", e.ErrorCode);
    }

    [Fact]
    public void Utf8ParsingMatchesCharParsing()
    {
        Assert.True(DynamoNumber.TryParse("-12.50e3"u8, out DynamoNumber n, out _));
        Assert.Equal("-12500", n.ToString());
        Assert.False(DynamoNumber.TryParse("abc"u8, out _, out string? error));
        Assert.Equal(NotANumber + ": abc", error);
    }

    [Fact]
    public void EqualValuesWrittenDifferentlyAreEqualWithEqualHashesAndEncodings()
    {
        DynamoNumber a = DynamoNumber.Parse("1");
        DynamoNumber b = DynamoNumber.Parse("1.0");
        DynamoNumber c = DynamoNumber.Parse("10E-1");
        Assert.Equal(a, b);
        Assert.Equal(a, c);
        Assert.Equal(a.GetHashCode(), c.GetHashCode());
        Assert.Equal(a.ToEncodedBytes(), c.ToEncodedBytes());
        Assert.Equal(DynamoNumber.Zero, DynamoNumber.Parse("-0.00"));
        Assert.False(DynamoNumber.Parse("-0").IsNegative);
    }

    [Theory]
    [InlineData("1", "10000000000000000000000", "10000000000000000000001")]
    [InlineData("0.1", "0.2", "0.3")]
    [InlineData("-5", "3", "-2")]
    [InlineData("5", "-5", "0")]
    [InlineData("1e100", "-9.9999999999999999999999999999999999999e99", "1e62")]
    [InlineData("1e-130", "1e-130", "2e-130")]
    [InlineData("99999999999999999999999999999999999999", "1", "100000000000000000000000000000000000000")]
    public void AddIsExact(string a, string b, string sum) =>
        Assert.Equal(DynamoNumber.Parse(sum), DynamoNumber.Add(DynamoNumber.Parse(a), DynamoNumber.Parse(b)));

    [Fact]
    public void SubtractIsExact() =>
        Assert.Equal(
            "9999999999999999999999",
            DynamoNumber.Subtract(DynamoNumber.Parse("10000000000000000000000"), DynamoNumber.Parse("1")).ToString());

    [Theory]
    [InlineData("9e125", "9e125", DynamoNumber.OverflowMessage)]
    [InlineData("1e50", "1", DynamoNumber.OverflowMessage)]
    [InlineData("1e50", "-1", DynamoNumber.OverflowMessage)]
    [InlineData("99999999999999999999999999999999999999", "0.1", DynamoNumber.OverflowMessage)]
    [InlineData("1.1e-130", "-1e-130", DynamoNumber.UnderflowMessage)]
    public void AddRejectsResultsDynamoDbCannotStore(string a, string b, string message)
    {
        ValidationException e = Assert.Throws<ValidationException>(() => DynamoNumber.Add(DynamoNumber.Parse(a), DynamoNumber.Parse(b)));
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("0", 1)]
    [InlineData("-0", 1)]
    [InlineData("1", 2)]
    [InlineData("12", 2)]
    [InlineData("123", 3)]
    [InlineData("1234", 3)]
    [InlineData("12345678901234567890123456789012345678", 20)]
    [InlineData("0042", 2)]
    [InlineData("100", 2)]
    [InlineData("1010", 3)]
    [InlineData("0.0000001", 2)]
    [InlineData("1E125", 2)]
    [InlineData("1E-100", 2)]
    [InlineData("1.5", 3)]
    [InlineData("15", 2)]
    [InlineData("1.2", 3)]
    [InlineData("1.200", 3)]
    [InlineData("1.234", 4)]
    [InlineData("3.14159", 5)]
    [InlineData("123456", 4)]
    [InlineData("100.5", 4)]
    [InlineData("0.15", 2)]
    [InlineData("-42", 3)]
    public void SizeInBytesMatchesMeasuredDynamoDbSizes(string text, int bytes) =>
        Assert.Equal(bytes, DynamoNumber.Parse(text).SizeInBytes);

    [Fact]
    public void ComparisonIsNumeric()
    {
        string[] ascending = ["-1e125", "-100", "-99.5", "-1", "-1e-130", "0", "1e-130", "0.5", "1", "1.0000000000000000000000000000000000001", "2", "10", "1e125"];
        for (int i = 0; i + 1 < ascending.Length; i++)
        {
            DynamoNumber lower = DynamoNumber.Parse(ascending[i]);
            DynamoNumber higher = DynamoNumber.Parse(ascending[i + 1]);
            Assert.True(lower < higher, $"{ascending[i]} < {ascending[i + 1]}");
            Assert.True(higher > lower);
            Assert.True(lower.ToEncodedBytes().AsSpan().SequenceCompareTo(higher.ToEncodedBytes()) < 0, $"encoding {ascending[i]} < {ascending[i + 1]}");
        }
    }

    [Fact]
    public void FromInt64CoversTheWholeRange()
    {
        Assert.Equal("-9223372036854775808", DynamoNumber.FromInt64(long.MinValue).ToString());
        Assert.Equal("9223372036854775807", DynamoNumber.FromInt64(long.MaxValue).ToString());
        Assert.Equal(DynamoNumber.Parse("1000"), DynamoNumber.FromInt64(1000));
        Assert.True(DynamoNumber.FromInt64(long.MinValue).TryGetInt64(out long min));
        Assert.Equal(long.MinValue, min);
        Assert.False(DynamoNumber.Parse("1.5").TryGetInt64(out _));
        Assert.False(DynamoNumber.Parse("1e19").TryGetInt64(out _));
        Assert.True(DynamoNumber.Parse("1.5e3").TryGetInt64(out long v));
        Assert.Equal(1500, v);
    }

    [Fact]
    public void DecodeRejectsMalformedBytes()
    {
        Assert.Throws<CorruptDataException>(() => DynamoNumber.Decode([], out _));
        Assert.Throws<CorruptDataException>(() => DynamoNumber.Decode([0x42], out _));
        Assert.Throws<CorruptDataException>(() => DynamoNumber.Decode([0x81, 130], out _));
        Assert.Throws<CorruptDataException>(() => DynamoNumber.Decode([0x81, 130, 0x00], out _));
        Assert.Throws<CorruptDataException>(() => DynamoNumber.Decode([0x81, 130, 200, 0x00], out _));
    }

    private static void AssertRejected(string text, string message)
    {
        Assert.False(DynamoNumber.TryParse(text, out _, out string? error));
        Assert.Equal(message, error);
    }
}
