namespace Basalt.Model.Expressions;

/// <summary>Ordering of scalar values as expressions use them.</summary>
internal static class ValueOrdering
{
    /// <summary>Compares two values of the same scalar kind: S by UTF-8 bytes, N numerically, B as unsigned bytes.</summary>
    public static int Compare(AttributeValue a, AttributeValue b) => KeyComparer.Compare(a, b);

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
