using System.Numerics;

namespace Basalt.Model;

public readonly partial struct DynamoNumber
{
    /// <summary>
    /// Exact sum. A result outside the range, or one that needs more than 38 significant digits,
    /// throws <see cref="ValidationException"/> (DynamoDB reports an inexact result as an overflow).
    /// </summary>
    public static DynamoNumber Add(DynamoNumber a, DynamoNumber b)
    {
        if (!TryAdd(a, b, out DynamoNumber sum, out string? error))
        {
            throw new ValidationException(error!);
        }

        return sum;
    }

    /// <summary>Exact difference a - b; errors as <see cref="Add"/>.</summary>
    public static DynamoNumber Subtract(DynamoNumber a, DynamoNumber b) => Add(a, b.Negate());

    public static DynamoNumber operator +(DynamoNumber a, DynamoNumber b) => Add(a, b);

    public static DynamoNumber operator -(DynamoNumber a, DynamoNumber b) => Subtract(a, b);

    public static DynamoNumber operator -(DynamoNumber a) => a.Negate();

    /// <summary>Exact sum without throwing; <paramref name="error"/> is DynamoDB's message on failure.</summary>
    public static bool TryAdd(DynamoNumber a, DynamoNumber b, out DynamoNumber sum, out string? error)
    {
        error = null;
        if (a.IsZero)
        {
            sum = b;
            return true;
        }

        if (b.IsZero)
        {
            sum = a;
            return true;
        }

        // Let a be the operand with the larger exponent; b's exponent is the result's unit.
        if (a._exponent < b._exponent)
        {
            (a, b) = (b, a);
        }

        int shift = a._exponent - b._exponent;
        if (a._digits + shift <= MaxDigits)
        {
            UInt128 ca = a._coefficient * Pow10[shift];
            UInt128 cb = b._coefficient;
            bool negative;
            UInt128 magnitude;
            if (a._negative == b._negative)
            {
                negative = a._negative;
                magnitude = ca + cb; // < 2 * 10^38, fits
            }
            else if (ca >= cb)
            {
                negative = a._negative;
                magnitude = ca - cb;
            }
            else
            {
                negative = b._negative;
                magnitude = cb - ca;
            }

            return TryCreate(negative, magnitude, b._exponent, out sum, out error);
        }

        // Rare: operands far apart in magnitude. Exact big-integer arithmetic.
        BigInteger big = (BigInteger)a._coefficient * BigInteger.Pow(10, shift);
        if (a._negative)
        {
            big = -big;
        }

        big += b._negative ? -(BigInteger)b._coefficient : (BigInteger)b._coefficient;
        return TryCreate(big, b._exponent, out sum, out error);
    }

    private static bool TryCreate(bool negative, UInt128 magnitude, int exponent, out DynamoNumber value, out string? error)
    {
        value = default;
        error = null;
        if (magnitude == 0)
        {
            return true;
        }

        StripTrailingZeros(ref magnitude, ref exponent);
        return TryCreateChecked(negative, magnitude, exponent, CountDigits(magnitude), out value, out error);
    }

    private static bool TryCreate(BigInteger big, int exponent, out DynamoNumber value, out string? error)
    {
        value = default;
        error = null;
        if (big.IsZero)
        {
            return true;
        }

        bool negative = big.Sign < 0;
        BigInteger magnitude = BigInteger.Abs(big);
        while (magnitude % 10 == 0)
        {
            magnitude /= 10;
            exponent++;
        }

        if (magnitude >= (BigInteger)Pow10[MaxDigits])
        {
            error = OverflowMessage;
            return false;
        }

        UInt128 coefficient = (UInt128)magnitude;
        return TryCreateChecked(negative, coefficient, exponent, CountDigits(coefficient), out value, out error);
    }

    private static bool TryCreateChecked(bool negative, UInt128 coefficient, int exponent, int digits, out DynamoNumber value, out string? error)
    {
        value = default;
        error = null;
        if (digits > MaxDigits)
        {
            error = OverflowMessage;
            return false;
        }

        int adjusted = exponent + digits - 1;
        if (adjusted > MaxAdjustedExponent)
        {
            error = OverflowMessage;
            return false;
        }

        if (adjusted < MinAdjustedExponent)
        {
            error = UnderflowMessage;
            return false;
        }

        value = new DynamoNumber(negative, coefficient, exponent, digits);
        return true;
    }
}
