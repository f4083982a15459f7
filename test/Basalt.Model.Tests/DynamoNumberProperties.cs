using System.Globalization;
using System.Numerics;
using Basalt.Model.Tests.Generators;
using CsCheck;

namespace Basalt.Model.Tests;

public class DynamoNumberProperties
{
    [Fact]
    public void FormatThenParseRoundTrips() =>
        DynamoNumberGen.Number.Sample(n => DynamoNumber.Parse(n.ToString()) == n);

    [Fact]
    public void ScientificTextParsesToTheSameValueAsItsCanonicalText() =>
        DynamoNumberGen.ScientificText.Sample(text =>
        {
            DynamoNumber parsed = DynamoNumber.Parse(text);
            DynamoNumber reparsed = DynamoNumber.Parse(parsed.ToString());
            return parsed == reparsed && parsed.ToString() == reparsed.ToString();
        });

    [Fact]
    public void EncodeThenDecodeRoundTrips() =>
        DynamoNumberGen.Number.Sample(n =>
        {
            Span<byte> buffer = stackalloc byte[DynamoNumber.MaxEncodedLength + 3];
            int written = n.Encode(buffer);
            buffer[written] = 0x55; // trailing bytes are not read
            DynamoNumber decoded = DynamoNumber.Decode(buffer, out int read);
            return written == n.EncodedLength && read == written && decoded == n && decoded.ToString() == n.ToString();
        });

    [Fact]
    public void CompareToAgreesWithExactArithmetic() =>
        Gen.Select(DynamoNumberGen.Number, DynamoNumberGen.Number).Sample((a, b) =>
            Math.Sign(a.CompareTo(b)) == DynamoNumberGen.Scaled(a).CompareTo(DynamoNumberGen.Scaled(b)));

    [Fact]
    public void EncodingByteOrderIsNumericOrder() =>
        Gen.Select(DynamoNumberGen.Number, DynamoNumberGen.Number).Sample((a, b) =>
            Math.Sign(a.ToEncodedBytes().AsSpan().SequenceCompareTo(b.ToEncodedBytes())) == Math.Sign(a.CompareTo(b)));

    [Fact]
    public void EncodingOrderHoldsForNeighbouringValues() =>
        // Numbers sharing leading digits stress the digit-pair and terminator ordering.
        Gen.Select(DynamoNumberGen.Digits, Gen.Int[0, 9], Gen.Bool, Gen.Int[-20, 20]).Sample((digits, extra, negative, exponent) =>
        {
            string sign = negative ? "-" : string.Empty;
            string e = "E" + exponent.ToString(CultureInfo.InvariantCulture);
            string longer = digits.Length < DynamoNumber.MaxDigits ? digits + extra.ToString(CultureInfo.InvariantCulture) : digits;
            DynamoNumber a = DynamoNumber.Parse(sign + digits + e);
            DynamoNumber b = DynamoNumber.Parse(sign + longer + e);
            return Math.Sign(a.ToEncodedBytes().AsSpan().SequenceCompareTo(b.ToEncodedBytes())) == Math.Sign(a.CompareTo(b));
        });

    [Fact]
    public void EqualValuesWrittenDifferentlyNormaliseAlike() =>
        Gen.Select(DynamoNumberGen.Digits, Gen.Bool, Gen.Int[-60, 60], Gen.Int[0, 40], Gen.Int[0, 5]).Sample((digits, negative, exponent, zeros, leading) =>
        {
            // digits × 10^exponent written as digits followed by zeros, with leading zeros and a shifted exponent.
            string a = (negative ? "-" : string.Empty) + digits + "E" + exponent.ToString(CultureInfo.InvariantCulture);
            string b = (negative ? "-" : "+") + new string('0', leading) + digits + new string('0', zeros) + "e" + (exponent - zeros).ToString(CultureInfo.InvariantCulture);
            DynamoNumber x = DynamoNumber.Parse(a);
            DynamoNumber y = DynamoNumber.Parse(b);
            return x == y && x.GetHashCode() == y.GetHashCode() && x.ToEncodedBytes().AsSpan().SequenceEqual(y.ToEncodedBytes())
                && x.ToString() == y.ToString();
        });

    [Fact]
    public void AddIsExactOrRejected() =>
        Gen.Select(DynamoNumberGen.Number, DynamoNumberGen.Number).Sample((a, b) =>
        {
            BigInteger expected = DynamoNumberGen.Scaled(a) + DynamoNumberGen.Scaled(b);
            if (DynamoNumber.TryAdd(a, b, out DynamoNumber sum, out string? error))
            {
                return DynamoNumberGen.Scaled(sum) == expected
                    && DynamoNumber.Subtract(sum, b) == a;
            }

            return error == DynamoNumber.OverflowMessage || error == DynamoNumber.UnderflowMessage;
        });

    [Fact]
    public void AddAcceptsEveryRepresentableResult() =>
        // Integers: the exact sum of two longs always fits 38 digits.
        Gen.Select(Gen.Long, Gen.Long).Sample((x, y) =>
            DynamoNumber.Add(DynamoNumber.FromInt64(x), DynamoNumber.FromInt64(y)).ToString()
                == ((BigInteger)x + y).ToString(CultureInfo.InvariantCulture));

    [Fact]
    public void SizeInBytesIsBetweenOneAndTwentyTwo() =>
        DynamoNumberGen.Number.Sample(n => n.SizeInBytes >= 1 && n.SizeInBytes <= 22);
}
