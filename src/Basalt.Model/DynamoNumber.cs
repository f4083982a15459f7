namespace Basalt.Model;

/// <summary>
/// A DynamoDB number: up to 38 significant decimal digits, magnitude 1E-130 to
/// 9.9999999999999999999999999999999999999E+125 (or zero), kept exactly. Normalised on parse, so
/// 1, 1.0 and 10E-1 are the same value with the same encoding and the same hash.
/// </summary>
/// <remarks>
/// Value = (-1)^negative × coefficient × 10^exponent, where the coefficient has no trailing zeros
/// and at most 38 digits. Zero is coefficient 0, exponent 0, not negative (so default is zero).
/// </remarks>
public readonly partial struct DynamoNumber : IEquatable<DynamoNumber>, IComparable<DynamoNumber>
{
    /// <summary>Most significant digits a DynamoDB number holds.</summary>
    public const int MaxDigits = 38;

    /// <summary>Largest decimal exponent of the leading digit (9.99…E+125).</summary>
    public const int MaxAdjustedExponent = 125;

    /// <summary>Smallest decimal exponent of the leading digit (1E-130).</summary>
    public const int MinAdjustedExponent = -130;

    private readonly UInt128 _coefficient;
    private readonly short _exponent;
    private readonly byte _digits;
    private readonly bool _negative;

    private DynamoNumber(bool negative, UInt128 coefficient, int exponent, int digits)
    {
        _negative = negative;
        _coefficient = coefficient;
        _exponent = (short)exponent;
        _digits = (byte)digits;
    }

    public static DynamoNumber Zero => default;

    public bool IsZero => _digits == 0;

    public bool IsNegative => _negative;

    /// <summary>Coefficient without trailing zeros (0 for zero).</summary>
    public UInt128 Coefficient => _coefficient;

    /// <summary>Power of ten applied to <see cref="Coefficient"/>.</summary>
    public int Exponent => _exponent;

    /// <summary>Number of significant digits (0 for zero).</summary>
    public int Digits => _digits;

    /// <summary>Decimal exponent of the leading digit (scientific notation exponent); 0 for zero.</summary>
    public int AdjustedExponent => IsZero ? 0 : _exponent + _digits - 1;

    public static DynamoNumber FromInt64(long value)
    {
        if (value == 0)
        {
            return default;
        }

        bool negative = value < 0;
        UInt128 magnitude = negative ? (UInt128)(-(Int128)value) : (UInt128)value;
        return FromCoefficient(negative, magnitude, 0);
    }

    /// <summary>Exact integral value, if this number is an integer that fits a long.</summary>
    public bool TryGetInt64(out long value)
    {
        value = 0;
        if (IsZero)
        {
            return true;
        }

        if (_exponent < 0 || _digits + _exponent > 19)
        {
            return false;
        }

        UInt128 magnitude = _coefficient * Pow10[_exponent];
        if (_negative)
        {
            if (magnitude > (UInt128)long.MaxValue + 1)
            {
                return false;
            }

            value = (long)(-(Int128)magnitude);
            return true;
        }

        if (magnitude > long.MaxValue)
        {
            return false;
        }

        value = (long)magnitude;
        return true;
    }

    /// <summary>Nearest double (for uses such as TTL that need an approximation).</summary>
    public double ToDouble()
    {
        Span<char> buffer = stackalloc char[MaxFormattedLength];
        TryFormat(buffer, out int written);
        return double.Parse(buffer[..written], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool Equals(DynamoNumber other) =>
        _coefficient == other._coefficient && _exponent == other._exponent && _negative == other._negative;

    public override bool Equals(object? obj) => obj is DynamoNumber other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_coefficient, _exponent, _negative);

    public int CompareTo(DynamoNumber other)
    {
        int sign = Sign;
        int otherSign = other.Sign;
        if (sign != otherSign)
        {
            return sign < otherSign ? -1 : 1;
        }

        if (sign == 0)
        {
            return 0;
        }

        int magnitude = CompareMagnitude(this, other);
        return _negative ? -magnitude : magnitude;
    }

    /// <summary>-1, 0 or 1.</summary>
    public int Sign => IsZero ? 0 : _negative ? -1 : 1;

    public DynamoNumber Negate() => IsZero ? this : new DynamoNumber(!_negative, _coefficient, _exponent, _digits);

    public static bool operator ==(DynamoNumber left, DynamoNumber right) => left.Equals(right);

    public static bool operator !=(DynamoNumber left, DynamoNumber right) => !left.Equals(right);

    public static bool operator <(DynamoNumber left, DynamoNumber right) => left.CompareTo(right) < 0;

    public static bool operator >(DynamoNumber left, DynamoNumber right) => left.CompareTo(right) > 0;

    public static bool operator <=(DynamoNumber left, DynamoNumber right) => left.CompareTo(right) <= 0;

    public static bool operator >=(DynamoNumber left, DynamoNumber right) => left.CompareTo(right) >= 0;

    private static int CompareMagnitude(in DynamoNumber a, in DynamoNumber b)
    {
        int ea = a.AdjustedExponent;
        int eb = b.AdjustedExponent;
        if (ea != eb)
        {
            return ea < eb ? -1 : 1;
        }

        // Same leading-digit position: align both coefficients to the same digit count.
        if (a._digits == b._digits)
        {
            return a._coefficient.CompareTo(b._coefficient);
        }

        UInt128 ca = a._coefficient;
        UInt128 cb = b._coefficient;
        if (a._digits < b._digits)
        {
            ca *= Pow10[b._digits - a._digits];
        }
        else if (b._digits < a._digits)
        {
            cb *= Pow10[a._digits - b._digits];
        }

        return ca.CompareTo(cb);
    }

    /// <summary>Builds a normalised number from any coefficient; the caller guarantees range.</summary>
    private static DynamoNumber FromCoefficient(bool negative, UInt128 coefficient, int exponent)
    {
        if (coefficient == 0)
        {
            return default;
        }

        StripTrailingZeros(ref coefficient, ref exponent);
        return new DynamoNumber(negative, coefficient, exponent, CountDigits(coefficient));
    }

    /// <summary>10^0 .. 10^38 (10^38 fits in UInt128; 10^39 does not).</summary>
    internal static readonly UInt128[] Pow10 = BuildPow10();

    private static UInt128[] BuildPow10()
    {
        var table = new UInt128[39];
        table[0] = 1;
        for (int i = 1; i < table.Length; i++)
        {
            table[i] = table[i - 1] * 10;
        }

        return table;
    }
}
