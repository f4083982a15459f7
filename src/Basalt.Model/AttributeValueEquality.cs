namespace Basalt.Model;

/// <summary>Deep equality and hashing of attribute values (sets as sets, numbers numerically).</summary>
public static class AttributeValueEquality
{
    public static bool AreEqual(AttributeValue? a, AttributeValue? b) => throw new NotImplementedException();

    public static int Hash(AttributeValue value) => throw new NotImplementedException();
}
