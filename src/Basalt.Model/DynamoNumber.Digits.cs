using System.Numerics;

namespace Basalt.Model;

public readonly partial struct DynamoNumber
{
    /// <summary>10^0 .. 10^19 as ulong.</summary>
    private static readonly ulong[] Pow10U64 = BuildPow10U64();

    private static readonly UInt128 TenPow19 = (UInt128)10_000_000_000_000_000_000UL;

    private static ulong[] BuildPow10U64()
    {
        var table = new ulong[20];
        table[0] = 1;
        for (int i = 1; i < table.Length; i++)
        {
            table[i] = table[i - 1] * 10;
        }

        return table;
    }

    /// <summary>Number of decimal digits of a positive value (1 for 0); at most 39.</summary>
    internal static int CountDigits(UInt128 value)
    {
        if (value <= ulong.MaxValue)
        {
            ulong v = (ulong)value;
            int estimate = ((64 - BitOperations.LeadingZeroCount(v | 1)) * 1233) >> 12;
            return estimate < 20 && v >= Pow10U64[estimate] ? estimate + 1 : Math.Max(estimate, 1);
        }

        int digits = 20;
        while (digits < Pow10.Length && value >= Pow10[digits])
        {
            digits++;
        }

        return digits;
    }

    /// <summary>
    /// Writes the coefficient's decimal digits as values 0..9, most significant first, into
    /// <paramref name="digits"/> (at least <see cref="Digits"/> long). At most one 128-bit division.
    /// </summary>
    private void WriteDigits(Span<byte> digits)
    {
        int i = _digits;
        UInt128 c = _coefficient;
        ulong low;
        if (c > ulong.MaxValue)
        {
            (UInt128 high, UInt128 remainder) = UInt128.DivRem(c, TenPow19);
            low = (ulong)remainder;
            for (int j = 0; j < 19; j++)
            {
                (low, ulong digit) = Math.DivRem(low, 10UL);
                digits[--i] = (byte)digit;
            }

            low = (ulong)high;
        }
        else
        {
            low = (ulong)c;
        }

        while (i > 0)
        {
            (low, ulong digit) = Math.DivRem(low, 10UL);
            digits[--i] = (byte)digit;
        }
    }

    /// <summary>Strips trailing decimal zeros, adjusting the exponent.</summary>
    private static void StripTrailingZeros(ref UInt128 coefficient, ref int exponent)
    {
        while (coefficient > ulong.MaxValue)
        {
            (UInt128 quotient, UInt128 remainder) = UInt128.DivRem(coefficient, 10);
            if (remainder != 0)
            {
                return;
            }

            coefficient = quotient;
            exponent++;
        }

        ulong small = (ulong)coefficient;
        if (small == 0)
        {
            return;
        }

        while (true)
        {
            (ulong quotient, ulong remainder) = Math.DivRem(small, 10UL);
            if (remainder != 0)
            {
                break;
            }

            small = quotient;
            exponent++;
        }

        coefficient = small;
    }
}
