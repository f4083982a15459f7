namespace Basalt.Model;

/// <summary>
/// One DynamoDB attribute value. Immutable once built. Exactly one payload field is meaningful,
/// selected by <see cref="Kind"/>. Sets keep the order they were given in (DynamoDB does not
/// promise an order) and never hold duplicates or nothing: validation rejects those before an
/// AttributeValue is built from client input.
/// </summary>
public sealed class AttributeValue : IEquatable<AttributeValue>
{
    private AttributeValue(AttributeKind kind) => Kind = kind;

    public AttributeKind Kind { get; }

    private int _utf8Length = -1;

    /// <summary>S payload.</summary>
    public string? S { get; private init; }

    /// <summary>
    /// UTF-8 length of the S payload, counted once (an item's size and its encoding each need it, several
    /// times per write, and the value never changes).
    /// </summary>
    public int Utf8Length => _utf8Length >= 0 ? _utf8Length : _utf8Length = System.Text.Encoding.UTF8.GetByteCount(S ?? throw new InvalidOperationException("Not an S value."));

    /// <summary>N payload.</summary>
    public DynamoNumber N { get; private init; }

    /// <summary>B payload.</summary>
    public byte[]? B { get; private init; }

    /// <summary>BOOL payload.</summary>
    public bool Bool { get; private init; }

    /// <summary>M payload (attribute names are compared ordinally).</summary>
    public IReadOnlyDictionary<string, AttributeValue>? M { get; private init; }

    /// <summary>L payload.</summary>
    public IReadOnlyList<AttributeValue>? L { get; private init; }

    /// <summary>SS payload.</summary>
    public IReadOnlyList<string>? SS { get; private init; }

    /// <summary>NS payload.</summary>
    public IReadOnlyList<DynamoNumber>? NS { get; private init; }

    /// <summary>BS payload.</summary>
    public IReadOnlyList<byte[]>? BS { get; private init; }

    public static readonly AttributeValue Null = new(AttributeKind.NULL);
    public static readonly AttributeValue True = new(AttributeKind.BOOL) { Bool = true };
    public static readonly AttributeValue False = new(AttributeKind.BOOL) { Bool = false };

    public static AttributeValue FromString(string s) => new(AttributeKind.S) { S = s };

    public static AttributeValue FromNumber(DynamoNumber n) => new(AttributeKind.N) { N = n };

    public static AttributeValue FromBinary(byte[] b) => new(AttributeKind.B) { B = b };

    public static AttributeValue FromBool(bool b) => b ? True : False;

    public static AttributeValue FromMap(IReadOnlyDictionary<string, AttributeValue> m) => new(AttributeKind.M) { M = m };

    public static AttributeValue FromList(IReadOnlyList<AttributeValue> l) => new(AttributeKind.L) { L = l };

    public static AttributeValue FromStringSet(IReadOnlyList<string> ss) => new(AttributeKind.SS) { SS = ss };

    public static AttributeValue FromNumberSet(IReadOnlyList<DynamoNumber> ns) => new(AttributeKind.NS) { NS = ns };

    public static AttributeValue FromBinarySet(IReadOnlyList<byte[]> bs) => new(AttributeKind.BS) { BS = bs };

    /// <summary>Deep equality as DynamoDB compares values (sets compare as sets, numbers numerically).</summary>
    public bool Equals(AttributeValue? other) => AttributeValueEquality.AreEqual(this, other);

    public override bool Equals(object? obj) => obj is AttributeValue other && Equals(other);

    public override int GetHashCode() => AttributeValueEquality.Hash(this);

    public override string ToString() => Kind switch
    {
        AttributeKind.S => $"S:{S}",
        AttributeKind.N => $"N:{N}",
        AttributeKind.B => $"B:{Convert.ToBase64String(B!)}",
        AttributeKind.BOOL => Bool ? "BOOL:true" : "BOOL:false",
        AttributeKind.NULL => "NULL",
        AttributeKind.M => $"M:{{{string.Join(",", M!.Select(kv => kv.Key + "=" + kv.Value))}}}",
        AttributeKind.L => $"L:[{string.Join(",", L!)}]",
        AttributeKind.SS => $"SS:[{string.Join(",", SS!)}]",
        AttributeKind.NS => $"NS:[{string.Join(",", NS!)}]",
        AttributeKind.BS => $"BS:[{string.Join(",", BS!.Select(Convert.ToBase64String))}]",
        _ => "?",
    };
}
