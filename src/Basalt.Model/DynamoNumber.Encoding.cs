namespace Basalt.Model;

public readonly partial struct DynamoNumber
{
    // Order-preserving, self-delimiting encoding (memcmp order == numeric order; no encoding is a
    // prefix of another):
    //   zero:      0x80
    //   positive:  0x81, adjusted exponent + 130 (0..255), base-100 digit pairs as 1..100, 0x00
    //   negative:  0x7F, 255 - (adjusted exponent + 130), pairs as 255 - (1..100), 0xFF
    // Pairs group the significant digits from the leading one ("12345" -> 12 34 50); the last pair
    // is never zero because the coefficient has no trailing zeros.
    private const byte ZeroTag = 0x80;
    private const byte PositiveTag = 0x81;
    private const byte NegativeTag = 0x7F;

    /// <summary>Longest encoding: tag, exponent, 19 pairs, terminator.</summary>
    public const int MaxEncodedLength = 2 + ((MaxDigits + 1) / 2) + 1;

    /// <summary>Length of the order-preserving encoding.</summary>
    public int EncodedLength => IsZero ? 1 : 3 + ((_digits + 1) / 2);

    /// <summary>Writes the order-preserving encoding; returns the bytes written.</summary>
    public int Encode(Span<byte> destination)
    {
        if (IsZero)
        {
            destination[0] = ZeroTag;
            return 1;
        }

        int pairs = (_digits + 1) / 2;
        int length = 3 + pairs;
        if (destination.Length < length)
        {
            throw new ArgumentException("Destination too small for the encoded number", nameof(destination));
        }

        byte exponentByte = (byte)(AdjustedExponent - MinAdjustedExponent);
        Span<byte> digits = stackalloc byte[MaxDigits + 1];
        WriteDigits(digits);
        digits[_digits] = 0; // pad an odd digit count
        for (int i = 0; i < pairs; i++)
        {
            byte b = (byte)((digits[2 * i] * 10) + digits[(2 * i) + 1] + 1);
            destination[2 + i] = _negative ? (byte)(255 - b) : b;
        }

        if (_negative)
        {
            destination[0] = NegativeTag;
            destination[1] = (byte)(255 - exponentByte);
            destination[length - 1] = 0xFF;
        }
        else
        {
            destination[0] = PositiveTag;
            destination[1] = exponentByte;
            destination[length - 1] = 0x00;
        }

        return length;
    }

    /// <summary>The encoding as a new array.</summary>
    public byte[] ToEncodedBytes()
    {
        var bytes = new byte[EncodedLength];
        Encode(bytes);
        return bytes;
    }

    /// <summary>Reads one encoded number from the start of <paramref name="source"/>.</summary>
    /// <exception cref="CorruptDataException">The bytes are not a canonical encoding.</exception>
    public static DynamoNumber Decode(ReadOnlySpan<byte> source, out int bytesRead)
    {
        if (source.IsEmpty)
        {
            throw new CorruptDataException("Truncated number encoding");
        }

        byte tag = source[0];
        if (tag == ZeroTag)
        {
            bytesRead = 1;
            return default;
        }

        bool negative;
        if (tag == PositiveTag)
        {
            negative = false;
        }
        else if (tag == NegativeTag)
        {
            negative = true;
        }
        else
        {
            throw new CorruptDataException("Invalid number encoding tag");
        }

        if (source.Length < 2)
        {
            throw new CorruptDataException("Truncated number encoding");
        }

        int adjusted = (negative ? 255 - source[1] : source[1]) + MinAdjustedExponent;
        byte terminator = negative ? (byte)0xFF : (byte)0x00;
        ulong small = 0;    // the first 9 pairs
        UInt128 c = 0;      // all pairs, once there are more
        int pairs = 0;
        int lastPair = 0;
        int i = 2;
        while (true)
        {
            if (i >= source.Length)
            {
                throw new CorruptDataException("Truncated number encoding");
            }

            byte b = source[i++];
            if (b == terminator)
            {
                break;
            }

            int pair = (negative ? 255 - b : b) - 1;
            if (pair is < 0 or > 99 || pairs == (MaxDigits + 1) / 2 || (pairs == 0 && pair < 10))
            {
                throw new CorruptDataException("Invalid number encoding digits");
            }

            if (pairs < 9)
            {
                small = (small * 100) + (ulong)pair;
            }
            else
            {
                if (pairs == 9)
                {
                    c = small;
                }

                c = (c * 100) + (UInt128)pair;
            }

            pairs++;
            lastPair = pair;
        }

        if (pairs == 0 || lastPair == 0)
        {
            throw new CorruptDataException("Invalid number encoding digits");
        }

        if (pairs <= 9)
        {
            c = small;
        }

        int digits = pairs * 2;
        if (lastPair % 10 == 0)
        {
            c /= 10;
            digits--;
        }

        bytesRead = i;
        return new DynamoNumber(negative, c, adjusted - digits + 1, digits);
    }

    /// <summary>
    /// Bytes this number counts for in DynamoDB's item size: 1, plus one per base-100 digit pair
    /// aligned on the decimal point (from the leading to the last significant pair), plus 1 if
    /// negative. Matches measured sizes: 1 → 2, 12 → 2, 123 → 3, 1.5 → 3, 3.14159 → 5, -42 → 3.
    /// </summary>
    public int SizeInBytes
    {
        get
        {
            if (IsZero)
            {
                return 1;
            }

            int high = FloorDiv2(AdjustedExponent);
            int low = FloorDiv2(_exponent);
            return 1 + (high - low + 1) + (_negative ? 1 : 0);
        }
    }

    private static int FloorDiv2(int value) => value >> 1;
}
