using System.Numerics;

namespace Basalt.Model;

public readonly partial struct DynamoNumber
{
    /// <summary>DynamoDB's message for a number with more than 38 significant digits.</summary>
    public const string TooManyDigitsMessage = "Attempting to store more than 38 significant digits in a Number";

    /// <summary>DynamoDB's message for a magnitude above 9.99…E+125.</summary>
    public const string OverflowMessage = "Number overflow. Attempting to store a number with magnitude larger than supported range";

    /// <summary>DynamoDB's message for a magnitude below 1E-130.</summary>
    public const string UnderflowMessage = "Number underflow. Attempting to store a number with magnitude smaller than supported range";

    /// <summary>DynamoDB's message for text that is not a number; the failure message appends ": " and the text (even when empty).</summary>
    public const string NotANumberMessage = "The parameter cannot be converted to a numeric value";

    // Any exponent beyond this is out of range whatever the digits say (digit strings are shorter
    // than 2^31), so clamping to it keeps the arithmetic in a long without changing the verdict.
    private const long ExponentClamp = 1L << 40;

    /// <summary>Parses DynamoDB's number syntax; throws <see cref="ValidationException"/> with DynamoDB's message.</summary>
    public static DynamoNumber Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryParse(text, out DynamoNumber value, out string? error))
        {
            throw new ValidationException(error!);
        }

        return value;
    }

    public static DynamoNumber Parse(ReadOnlySpan<char> text)
    {
        if (!TryParse(text, out DynamoNumber value, out string? error))
        {
            throw new ValidationException(error!);
        }

        return value;
    }

    /// <summary>
    /// Parses the syntax DynamoDB accepts (Java BigDecimal's: optional sign, digits with an optional
    /// decimal point, optional e/E exponent; no whitespace, NaN, Infinity or hex), normalising the
    /// value. On failure <paramref name="error"/> is DynamoDB's ValidationException message.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DynamoNumber value, out string? error)
    {
        value = default;
        NumberParseStatus status = TryParseCore(text, out value);
        error = status switch
        {
            NumberParseStatus.Ok => null,
            NumberParseStatus.Invalid => NotANumberMessage + ": " + text.ToString(),
            NumberParseStatus.Overflow => OverflowMessage,
            NumberParseStatus.Underflow => UnderflowMessage,
            _ => TooManyDigitsMessage,
        };
        return status == NumberParseStatus.Ok;
    }

    /// <summary>Parses UTF-8 number text (as found in JSON) with the same rules.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Text, out DynamoNumber value, out string? error)
    {
        value = default;
        NumberParseStatus status = TryParseCore(utf8Text, out value);
        error = status switch
        {
            NumberParseStatus.Ok => null,
            NumberParseStatus.Invalid => NotANumberMessage + ": " + System.Text.Encoding.UTF8.GetString(utf8Text),
            NumberParseStatus.Overflow => OverflowMessage,
            NumberParseStatus.Underflow => UnderflowMessage,
            _ => TooManyDigitsMessage,
        };
        return status == NumberParseStatus.Ok;
    }

    private enum NumberParseStatus
    {
        Ok,
        Invalid,
        Overflow,
        Underflow,
        TooManyDigits,
    }

    private static NumberParseStatus TryParseCore<T>(ReadOnlySpan<T> text, out DynamoNumber value)
        where T : unmanaged, IBinaryInteger<T>
    {
        value = default;
        int i = 0;
        int n = text.Length;
        bool negative = false;
        if (i < n && (int.CreateTruncating(text[i]) == '+' || int.CreateTruncating(text[i]) == '-'))
        {
            negative = int.CreateTruncating(text[i]) == '-';
            i++;
        }

        // Digits, as one sequence D = integer digits followed by fraction digits.
        long position = 0;          // index within D
        long fractionDigits = 0;
        long firstNonZero = -1;     // index in D of the first non-zero digit
        long lastNonZero = -1;      // index in D of the last non-zero digit
        // The coefficient's first 19 significant digits, and the rest (up to 19 more) as a second
        // ulong: one 128-bit multiply at the end instead of one per digit.
        ulong high = 0;
        ulong low = 0;
        bool tooManyDigits = false;
        bool seenPoint = false;
        for (; i < n; i++)
        {
            int c = int.CreateTruncating(text[i]);
            if (c is >= '0' and <= '9')
            {
                if (c != '0')
                {
                    if (firstNonZero < 0)
                    {
                        firstNonZero = position;
                        high = (ulong)(c - '0');
                    }
                    else if (!tooManyDigits)
                    {
                        long index = position - firstNonZero;          // 0-based digit index
                        long previous = lastNonZero - firstNonZero;    // index of the previous non-zero digit
                        if (index < 19)
                        {
                            high = (high * Pow10U64[index - previous]) + (ulong)(c - '0');
                        }
                        else if (index < MaxDigits)
                        {
                            if (previous < 19)
                            {
                                high *= Pow10U64[18 - previous]; // complete the first 19 digits
                                low = (ulong)(c - '0');
                            }
                            else
                            {
                                low = (low * Pow10U64[index - previous]) + (ulong)(c - '0');
                            }
                        }
                        else
                        {
                            tooManyDigits = true;
                        }
                    }

                    lastNonZero = position;
                }

                position++;
                if (seenPoint)
                {
                    fractionDigits++;
                }
            }
            else if (c == '.' && !seenPoint)
            {
                seenPoint = true;
            }
            else
            {
                break;
            }
        }

        if (position == 0)
        {
            return NumberParseStatus.Invalid;
        }

        long exponent = 0;
        if (i < n)
        {
            int c = int.CreateTruncating(text[i]);
            if (c != 'e' && c != 'E')
            {
                return NumberParseStatus.Invalid;
            }

            i++;
            bool exponentNegative = false;
            if (i < n && (int.CreateTruncating(text[i]) == '+' || int.CreateTruncating(text[i]) == '-'))
            {
                exponentNegative = int.CreateTruncating(text[i]) == '-';
                i++;
            }

            if (i == n)
            {
                return NumberParseStatus.Invalid;
            }

            ulong magnitude = 0;
            for (; i < n; i++)
            {
                int d = int.CreateTruncating(text[i]) - '0';
                if ((uint)d > 9)
                {
                    return NumberParseStatus.Invalid;
                }

                if (magnitude > (ulong.MaxValue - (ulong)d) / 10)
                {
                    return NumberParseStatus.Invalid;
                }

                magnitude = (magnitude * 10) + (ulong)d;
            }

            // Java reads the exponent as a long: beyond it the text "cannot be converted".
            if (magnitude > long.MaxValue)
            {
                return NumberParseStatus.Invalid;
            }

            exponent = (long)Math.Min(magnitude, (ulong)ExponentClamp);
            if (exponentNegative)
            {
                exponent = -exponent;
            }
        }

        // Power of ten of the digit at index j of D: (position - 1 - j) + exponent - fractionDigits.
        long basePower = exponent - fractionDigits + position - 1;
        if (firstNonZero < 0)
        {
            // Zero is range-checked by the exponent it is written with (BigDecimal precision - scale - 1).
            long zeroExponent = exponent - fractionDigits;
            if (zeroExponent > MaxAdjustedExponent)
            {
                return NumberParseStatus.Overflow;
            }

            return zeroExponent < MinAdjustedExponent ? NumberParseStatus.Underflow : NumberParseStatus.Ok;
        }

        long adjusted = basePower - firstNonZero;
        if (adjusted > MaxAdjustedExponent)
        {
            return NumberParseStatus.Overflow;
        }

        if (adjusted < MinAdjustedExponent)
        {
            return NumberParseStatus.Underflow;
        }

        if (tooManyDigits)
        {
            return NumberParseStatus.TooManyDigits;
        }

        int digits = (int)(lastNonZero - firstNonZero + 1);
        UInt128 coefficient = digits <= 19 ? high : ((UInt128)high * Pow10U64[digits - 19]) + low;
        value = new DynamoNumber(negative, coefficient, (int)(basePower - lastNonZero), digits);
        return NumberParseStatus.Ok;
    }
}
