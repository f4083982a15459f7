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
    private string? _s;
    private byte[]? _utf8;

    /// <summary>S payload (for a value read as UTF-8, decoded on first use).</summary>
    public string? S
    {
        get => _s ?? (_utf8 is null ? null : _s = System.Text.Encoding.UTF8.GetString(_utf8));
        private init => _s = value;
    }

    /// <summary>
    /// UTF-8 length of the S payload, counted once (an item's size and its encoding each need it, several
    /// times per write, and the value never changes).
    /// </summary>
    public int Utf8Length => _utf8Length >= 0 ? _utf8Length : _utf8Length = System.Text.Encoding.UTF8.GetByteCount(S ?? throw new InvalidOperationException("Not an S value."));

    /// <summary>
    /// The S payload's UTF-8 bytes when the value was read as UTF-8 (from a request or from storage), else
    /// null: such a value goes back out to storage or to JSON as the same bytes, never through a .NET
    /// string, unless something needs its text (a condition, a key, an update that changes it).
    /// </summary>
    public ReadOnlySpan<byte> Utf8 => _utf8;

    /// <summary>Whether <see cref="Utf8"/> holds the S payload.</summary>
    public bool HasUtf8 => _utf8 is not null;

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

    /// <summary>An S value from its UTF-8 bytes, which the caller has validated and hands over (never changed afterwards).</summary>
    public static AttributeValue FromUtf8(byte[] utf8)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        return new AttributeValue(AttributeKind.S) { _utf8 = utf8, _utf8Length = utf8.Length };
    }

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
