namespace Basalt.Model;

/// <summary>The ten DynamoDB data types, by their wire names.</summary>
public enum AttributeKind : byte
{
    S = 1,
    N = 2,
    B = 3,
    BOOL = 4,
    NULL = 5,
    M = 6,
    L = 7,
    SS = 8,
    NS = 9,
    BS = 10,
}
