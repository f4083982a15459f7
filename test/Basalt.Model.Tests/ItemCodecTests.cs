using System.Buffers.Binary;
using System.IO.Hashing;
using Basalt.Model.Tests.Generators;
using CsCheck;

namespace Basalt.Model.Tests;

public class ItemCodecTests
{
    private static readonly ItemHeader SomeHeader = new(0x0102030405060708, 42);

    private static bool SameItem(IReadOnlyDictionary<string, AttributeValue> a, IReadOnlyDictionary<string, AttributeValue> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out AttributeValue? v) && v.Equals(kv.Value));

    [Fact]
    public void RandomNestedItemsRoundTrip() =>
        Gen.Select(AttributeValueGen.Item(), Gen.ULong, Gen.ULong).Sample((item, timestamp, transaction) =>
        {
            var header = new ItemHeader(timestamp, transaction);
            byte[] encoded = ItemCodec.Encode(item, header);
            Item decoded = ItemCodec.Decode(encoded, out ItemHeader decodedHeader);
            return decodedHeader == header && SameItem(item, decoded) && encoded.Length == ItemCodec.GetEncodedLength(item)
                && ItemCodec.Encode(decoded, header).AsSpan().SequenceEqual(encoded);
        });

    [Fact]
    public void AnySingleChangedByteIsDetected() =>
        Gen.Select(AttributeValueGen.Item(4), Gen.Int[0, int.MaxValue], Gen.Byte[1, 255]).Sample((item, position, delta) =>
        {
            byte[] encoded = ItemCodec.Encode(item, SomeHeader);
            encoded[position % encoded.Length] += delta;
            try
            {
                ItemCodec.Decode(encoded, out _);
                return false;
            }
            catch (CorruptDataException)
            {
                return true;
            }
        });

    [Fact]
    public void AnyTruncationIsDetected() =>
        Gen.Select(AttributeValueGen.Item(4), Gen.Int[0, int.MaxValue]).Sample((item, cut) =>
        {
            byte[] encoded = ItemCodec.Encode(item, SomeHeader);
            int length = cut % encoded.Length;
            try
            {
                ItemCodec.Decode(encoded.AsSpan(0, length), out _);
                return false;
            }
            catch (CorruptDataException)
            {
                return true;
            }
        });

    [Fact]
    public void UnknownVersionIsRejectedEvenWithAValidChecksum()
    {
        byte[] encoded = ItemCodec.Encode(new Item { ["a"] = AttributeValue.True }, SomeHeader);
        encoded[0] = 2;
        BinaryPrimitives.WriteUInt32LittleEndian(encoded.AsSpan(encoded.Length - 4), Crc32.HashToUInt32(encoded.AsSpan(0, encoded.Length - 4)));
        CorruptDataException e = Assert.Throws<CorruptDataException>(() => ItemCodec.Decode(encoded, out _));
        Assert.Contains("version", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyItemsRoundTrip()
    {
        byte[] encoded = ItemCodec.Encode(new Item(), default);
        Assert.Empty(ItemCodec.Decode(encoded, out ItemHeader header));
        Assert.Equal(default, header);
    }

    [Fact]
    public void VersionOneFormatIsStable()
    {
        // Pins the on-disk format: a change here breaks every stored item.
        var item = new Item { ["a"] = AttributeValue.FromNumber(DynamoNumber.Parse("1.5")) };
        byte[] encoded = ItemCodec.Encode(item, new ItemHeader(1, 2));
        byte[] body =
        [
            1, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, // version, timestamp, transaction
            1, 1, (byte)'a', 2, 0x81, 130, 16, 0, // one attribute "a": N, positive, exponent 0 + 130, pair 15 stored + 1, end
        ];
        Assert.Equal(body, encoded[..^4]);
        Assert.Equal(Crc32.HashToUInt32(body), BinaryPrimitives.ReadUInt32LittleEndian(encoded.AsSpan(encoded.Length - 4)));
        Assert.True(SameItem(item, ItemCodec.Decode(encoded, out _)));
    }

    [Fact]
    public void HeaderCanBeReadAndReplacedWithoutDecoding()
    {
        var item = new Item { ["k"] = AttributeValue.FromString("v"), ["l"] = AttributeValue.FromList([AttributeValue.Null]) };
        byte[] encoded = ItemCodec.Encode(item, SomeHeader);
        Assert.Equal(SomeHeader, ItemCodec.ReadHeader(encoded));
        var replaced = new ItemHeader(99, 0);
        byte[] restamped = ItemCodec.WithHeader(encoded, replaced);
        Assert.True(SameItem(item, ItemCodec.Decode(restamped, out ItemHeader header)));
        Assert.Equal(replaced, header);
    }

    [Fact]
    public void EncodeIntoSpanMatchesArrayEncoding()
    {
        var item = new Item { ["ss"] = AttributeValue.FromStringSet(["x", "😀"]), ["bs"] = AttributeValue.FromBinarySet([[0], [1, 2]]) };
        var buffer = new byte[ItemCodec.GetEncodedLength(item) + 10];
        int written = ItemCodec.Encode(item, SomeHeader, buffer);
        Assert.Equal(ItemCodec.Encode(item, SomeHeader), buffer[..written]);
    }

    [Fact]
    public void GarbageIsCorruptData()
    {
        Assert.Throws<CorruptDataException>(() => ItemCodec.Decode([], out _));
        Assert.Throws<CorruptDataException>(() => ItemCodec.Decode(new byte[40], out _));
    }
}
