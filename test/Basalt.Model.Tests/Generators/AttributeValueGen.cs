using System.Text;
using CsCheck;

namespace Basalt.Model.Tests.Generators;

/// <summary>
/// CsCheck generators for attribute values and items, reusable by other test folders. Values are
/// always valid DynamoDB values (sets non-empty and duplicate-free, numbers in range, strings
/// well-formed UTF-16 including surrogate pairs and U+E000..U+FFFF).
/// </summary>
public static class AttributeValueGen
{
    /// <summary>A code point, biased to ASCII letters but covering every UTF-8 length.</summary>
    public static readonly Gen<int> CodePoint = Gen.Frequency(
        (6, (IGen<int>)Gen.Int['a', 'z']),
        (1, Gen.Int[0, 0x7F]),
        (1, Gen.Int[0x80, 0x7FF]),
        (1, Gen.Int[0x800, 0xD7FF]),
        (1, Gen.Int[0xE000, 0xFFFF]),
        (1, Gen.Int[0x10000, 0x10FFFF]));

    /// <summary>A well-formed string of 0..<paramref name="maxCodePoints"/> code points.</summary>
    public static Gen<string> String(int minCodePoints, int maxCodePoints) =>
        CodePoint.Array[minCodePoints, maxCodePoints].Select(points =>
        {
            var text = new StringBuilder(points.Length);
            foreach (int point in points)
            {
                text.Append(char.ConvertFromUtf32(point));
            }

            return text.ToString();
        });

    /// <summary>Non-empty strings for keys and names.</summary>
    public static readonly Gen<string> KeyString = String(1, 12);

    /// <summary>Any string value, empty included.</summary>
    public static readonly Gen<string> AnyString = String(0, 20);

    /// <summary>Non-empty binary for keys.</summary>
    public static readonly Gen<byte[]> KeyBinary = Gen.Frequency(
        (3, (IGen<byte[]>)Gen.Byte.Array[1, 16]),
        (1, Gen.Byte[0, 2].Array[1, 6]), // many zeros: stresses escaping
        (1, Gen.Byte[254, 255].Array[1, 6]));

    /// <summary>Any binary value, empty included.</summary>
    public static readonly Gen<byte[]> AnyBinary = Gen.Byte.Array[0, 24];

    public static readonly Gen<DynamoNumber> Number = DynamoNumberGen.Number;

    /// <summary>A key value of the given type (S, N or B).</summary>
    public static Gen<AttributeValue> Key(AttributeKind kind) => kind switch
    {
        AttributeKind.S => KeyString.Select(AttributeValue.FromString),
        AttributeKind.N => Number.Select(AttributeValue.FromNumber),
        AttributeKind.B => KeyBinary.Select(AttributeValue.FromBinary),
        _ => throw new ArgumentException($"{kind} is not a key type", nameof(kind)),
    };

    /// <summary>A key type.</summary>
    public static readonly Gen<AttributeKind> KeyKind = Gen.OneOf(AttributeKind.S, AttributeKind.N, AttributeKind.B);

    /// <summary>Scalars and sets (no documents).</summary>
    public static readonly Gen<AttributeValue> Scalar = Gen.Frequency(
        (4, (IGen<AttributeValue>)AnyString.Select(AttributeValue.FromString)),
        (4, Number.Select(AttributeValue.FromNumber)),
        (2, AnyBinary.Select(AttributeValue.FromBinary)),
        (1, Gen.Bool.Select(AttributeValue.FromBool)),
        (1, Gen.Const(AttributeValue.Null)),
        (1, AnyString.Array[1, 5].Select(s => AttributeValue.FromStringSet(s.Distinct(StringComparer.Ordinal).ToArray()))),
        (1, Number.Array[1, 5].Select(s => AttributeValue.FromNumberSet(s.Distinct().ToArray()))),
        (1, AnyBinary.Array[1, 5].Select(s => AttributeValue.FromBinarySet(s.Distinct(ByteArrayComparer.Instance).ToArray()))));

    /// <summary>Any value, documents nested up to <paramref name="depth"/> levels below it.</summary>
    public static Gen<AttributeValue> Value(int depth)
    {
        if (depth <= 0)
        {
            return Scalar;
        }

        Gen<AttributeValue> child = Value(depth - 1);
        return Gen.Frequency(
            (6, (IGen<AttributeValue>)Scalar),
            (1, child.Array[0, 4].Select(l => AttributeValue.FromList(l))),
            (1, Map(child, 4).Select(m => AttributeValue.FromMap(m))));
    }

    /// <summary>Any value nested up to three levels.</summary>
    public static readonly Gen<AttributeValue> Any = Value(3);

    /// <summary>An item of up to <paramref name="maxAttributes"/> attributes.</summary>
    public static Gen<Item> Item(int maxAttributes = 8) =>
        Map(Any, maxAttributes).Select(m => new Item(m));

    private static Gen<Dictionary<string, AttributeValue>> Map(Gen<AttributeValue> values, int maxEntries) =>
        Gen.Select(AnyString, values).Array[0, maxEntries].Select(entries =>
        {
            var map = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
            foreach ((string name, AttributeValue value) in entries)
            {
                map[name] = value;
            }

            return map;
        });
}
