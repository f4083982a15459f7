namespace Basalt.Model.Expressions;

/// <summary>Ordering and rendering of scalar values as expressions use them.</summary>
internal static class ValueOrdering
{
    /// <summary>
    /// Compares two values of the same scalar kind: S by UTF-8 bytes (code point order), N
    /// numerically, B as unsigned bytes.
    /// </summary>
    public static int Compare(AttributeValue a, AttributeValue b) => a.Kind switch
    {
        AttributeKind.S => CompareStrings(a.S!, b.S!),
        AttributeKind.N => a.N.CompareTo(b.N),
        AttributeKind.B => a.B.AsSpan().SequenceCompareTo(b.B),
        _ => throw new InvalidOperationException("Only S, N and B values are ordered."),
    };

    /// <summary>Orders strings as their UTF-8 encodings would order, i.e. by code point.</summary>
    public static int CompareStrings(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            var x = a[i];
            var y = b[i];
            if (x == y)
            {
                continue;
            }

            // Surrogates (U+D800..U+DFFF) encode code points above U+FFFF, which sort after every
            // BMP character in UTF-8; UTF-16 code unit order would put them before U+E000..U+FFFF.
            var xs = char.IsSurrogate(x);
            var ys = char.IsSurrogate(y);
            if (xs != ys)
            {
                return xs ? 1 : -1;
            }

            return x < y ? -1 : 1;
        }

        return a.Length.CompareTo(b.Length);
    }

    public static bool IsOrderedKind(AttributeKind kind) => kind is AttributeKind.S or AttributeKind.N or AttributeKind.B;
}

/// <summary>How DynamoDB prints attribute values inside error messages: <c>AttributeValue: {N:5}</c>.</summary>
internal static class ValueRendering
{
    public static string Describe(AttributeValue value) => "AttributeValue: {" + Brief(value) + "}";

    private static string Brief(AttributeValue value) => value.Kind switch
    {
        AttributeKind.S => "S:" + value.S,
        AttributeKind.N => "N:" + value.N.ToString(),
        AttributeKind.B => "B:" + Convert.ToBase64String(value.B!),
        _ => value.Kind + ":" + value,
    };
}
