namespace Basalt.Model;

/// <summary>
/// A DynamoDB number: up to 38 significant decimal digits, magnitude 1E-130 to
/// 9.9999999999999999999999999999999999999E+125 (or zero), kept exactly. Normalised on parse, so
/// 1, 1.0 and 10E-1 are the same value with the same encoding and the same hash.
/// </summary>
public readonly partial struct DynamoNumber : IEquatable<DynamoNumber>, IComparable<DynamoNumber>
{
    // CONTRACT (implementation owned by the Model work):
    // public static DynamoNumber Zero { get; }
    // public static bool TryParse(ReadOnlySpan<char> text, out DynamoNumber value, out string? error)
    //     error = DynamoDB's ValidationException message for the failure, e.g.
    //     "Attempting to store more than 38 significant digits in a Number",
    //     "Number overflow. Attempting to store a number with magnitude larger than supported range",
    //     "Number underflow. Attempting to store a number with magnitude smaller than supported range",
    //     "A value provided cannot be converted into a number"
    // public static DynamoNumber Parse(string text)            throws ValidationException with that message
    // public static DynamoNumber FromInt64(long v)
    // public override string ToString()                         canonical form DynamoDB returns
    // public static DynamoNumber Add(DynamoNumber a, DynamoNumber b)      throws ValidationException on overflow / too many digits
    // public static DynamoNumber Subtract(DynamoNumber a, DynamoNumber b)
    // public bool IsZero { get; }  public bool IsNegative { get; }
    // public int CompareTo(DynamoNumber other); Equals; GetHashCode; operators == != < > <= >=
    // public int EncodedLength { get; }                         order-preserving encoding length
    // public int Encode(Span<byte> destination)                  memcmp order == numeric order
    // public static DynamoNumber Decode(ReadOnlySpan<byte> source, out int bytesRead)
    // public int SizeInBytes { get; }                            DynamoDB item-size rule for numbers
    public bool Equals(DynamoNumber other) => throw new NotImplementedException();

    public int CompareTo(DynamoNumber other) => throw new NotImplementedException();

    public override bool Equals(object? obj) => obj is DynamoNumber other && Equals(other);

    public override int GetHashCode() => throw new NotImplementedException();
}
