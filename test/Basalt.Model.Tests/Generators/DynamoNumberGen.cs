using System.Globalization;
using System.Numerics;
using CsCheck;

namespace Basalt.Model.Tests.Generators;

/// <summary>CsCheck generators for DynamoDB numbers, reusable by other test folders.</summary>
public static class DynamoNumberGen
{
    /// <summary>Significant digits (1..38, first and last non-zero when longer than one digit).</summary>
    public static readonly Gen<string> Digits =
        Gen.Int[1, DynamoNumber.MaxDigits].SelectMany(n =>
            Gen.Char['0', '9'].Array[n].Select(chars =>
            {
                chars[0] = chars[0] == '0' ? '1' : chars[0];
                chars[^1] = chars[^1] == '0' ? '7' : chars[^1];
                return new string(chars);
            }));

    /// <summary>Canonical scientific text of a valid non-zero number, e.g. "-1234E-7".</summary>
    public static readonly Gen<string> ScientificText =
        Gen.Select(Digits, Gen.Bool, Gen.Int[DynamoNumber.MinAdjustedExponent, DynamoNumber.MaxAdjustedExponent])
            .Select(t =>
            {
                (string digits, bool negative, int adjusted) = t;
                int exponent = adjusted - digits.Length + 1;
                return (negative ? "-" : string.Empty) + digits + "E" + exponent.ToString(CultureInfo.InvariantCulture);
            });

    /// <summary>Any valid number, zero and small integers more often than chance would give them.</summary>
    public static readonly Gen<DynamoNumber> Number = Gen.Frequency(
        (10, ScientificText.Select(DynamoNumber.Parse)),
        (2, Gen.Long.Select(DynamoNumber.FromInt64)),
        (1, Gen.Int[-3, 3].Select(i => DynamoNumber.FromInt64(i))),
        (1, Gen.Select(Digits, Gen.Int[-3, 3]).Select(t => DynamoNumber.Parse(t.Item1 + "E" + t.Item2.ToString(CultureInfo.InvariantCulture)))));

    /// <summary>The exact value scaled by 10^200, as an integer (an oracle for comparisons).</summary>
    public static BigInteger Scaled(DynamoNumber n)
    {
        BigInteger value = (BigInteger)n.Coefficient * BigInteger.Pow(10, n.Exponent + 200);
        return n.IsNegative ? -value : value;
    }
}
