namespace Basalt.Model;

public readonly partial struct DynamoNumber
{
    /// <summary>Longest canonical text: "-0." + 129 zeros + 38 digits.</summary>
    public const int MaxFormattedLength = 3 + 129 + MaxDigits;

    /// <summary>The canonical text DynamoDB returns: plain digits, no exponent, no redundant zeros.</summary>
    public override string ToString()
    {
        Span<char> buffer = stackalloc char[MaxFormattedLength];
        TryFormat(buffer, out int written);
        return new string(buffer[..written]);
    }

    /// <summary>Writes the canonical text; false when <paramref name="destination"/> is too small.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten)
    {
        charsWritten = 0;
        if (IsZero)
        {
            if (destination.IsEmpty)
            {
                return false;
            }

            destination[0] = '0';
            charsWritten = 1;
            return true;
        }

        Span<byte> digitValues = stackalloc byte[MaxDigits];
        WriteDigits(digitValues);
        int digitCount = _digits;
        Span<char> digits = stackalloc char[MaxDigits];
        for (int i = 0; i < digitCount; i++)
        {
            digits[i] = (char)('0' + digitValues[i]);
        }

        digits = digits[..digitCount];

        int length = FormattedLength;
        if (destination.Length < length)
        {
            return false;
        }

        int p = 0;
        if (_negative)
        {
            destination[p++] = '-';
        }

        int adjusted = AdjustedExponent;
        if (_exponent >= 0)
        {
            digits.CopyTo(destination[p..]);
            p += digitCount;
            destination.Slice(p, _exponent).Fill('0');
            p += _exponent;
        }
        else if (adjusted >= 0)
        {
            int integerDigits = adjusted + 1;
            digits[..integerDigits].CopyTo(destination[p..]);
            p += integerDigits;
            destination[p++] = '.';
            digits[integerDigits..].CopyTo(destination[p..]);
            p += digitCount - integerDigits;
        }
        else
        {
            destination[p++] = '0';
            destination[p++] = '.';
            int zeros = -adjusted - 1;
            destination.Slice(p, zeros).Fill('0');
            p += zeros;
            digits.CopyTo(destination[p..]);
            p += digitCount;
        }

        charsWritten = p;
        return true;
    }

    /// <summary>Length of the canonical text.</summary>
    public int FormattedLength
    {
        get
        {
            if (IsZero)
            {
                return 1;
            }

            int sign = _negative ? 1 : 0;
            if (_exponent >= 0)
            {
                return sign + _digits + _exponent;
            }

            int adjusted = AdjustedExponent;
            return adjusted >= 0 ? sign + _digits + 1 : sign + 2 + (-adjusted - 1) + _digits;
        }
    }
}
