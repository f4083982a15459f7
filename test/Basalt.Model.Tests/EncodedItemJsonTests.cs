using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Basalt.Model.Tests.Generators;
using CsCheck;

namespace Basalt.Model.Tests;

/// <summary>Writing a stored item straight to JSON is byte-for-byte the decode-then-write path.</summary>
public class EncodedItemJsonTests
{
    private static readonly ItemHeader SomeHeader = new(7, 0);

    private static string Json(Action<Utf8JsonWriter> write, JavaScriptEncoder? encoder)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = encoder, SkipValidation = true }))
        {
            write(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void RandomItemsWriteTheSameJsonAsDecodingFirst() =>
        AttributeValueGen.Item().Sample(item =>
        {
            var encoded = ItemCodec.Encode(item, SomeHeader);
            var decoded = ItemCodec.Decode(encoded, out _);
            foreach (var encoder in new[] { JavaScriptEncoder.UnsafeRelaxedJsonEscaping, null })
            {
                var expected = Json(w => AttributeValueJson.WriteItem(w, decoded), encoder);
                var actual = Json(w => EncodedItemJson.WriteItem(w, encoded), encoder);
                if (expected != actual)
                {
                    return false;
                }
            }

            return true;
        });

    [Fact]
    public void RandomItemsHaveTheSizeOfTheDecodedItem() =>
        AttributeValueGen.Item().Sample(item =>
        {
            var encoded = ItemCodec.Encode(item, SomeHeader);
            return EncodedItemJson.Size(encoded) == ItemSize.Of(item);
        });

    [Fact]
    public void EscapesAndNonAsciiMatchTheDecodePath()
    {
        var item = new Item
        {
            ["quote\"and\\slash"] = AttributeValue.FromString("line\nbreak \u0001 <tag> é 😀"),
            ["n"] = AttributeValue.FromNumber(DynamoNumber.Parse("-1.50E+3")),
            ["set"] = AttributeValue.FromStringSet(["b", "a"]),
        };
        var encoded = ItemCodec.Encode(item, SomeHeader);

        var actual = Json(w => EncodedItemJson.WriteItem(w, encoded), JavaScriptEncoder.UnsafeRelaxedJsonEscaping);

        Assert.Equal(Json(w => AttributeValueJson.WriteItem(w, ItemCodec.Decode(encoded, out _)), JavaScriptEncoder.UnsafeRelaxedJsonEscaping), actual);
        Assert.Contains("\"N\":\"-1500\"", actual, StringComparison.Ordinal);
    }

    [Fact]
    public void AFlippedByteIsCorruptData() =>
        Gen.Select(AttributeValueGen.Item(4), Gen.Int[0, int.MaxValue], Gen.Byte[1, 255]).Sample((item, position, delta) =>
        {
            var encoded = ItemCodec.Encode(item, SomeHeader);
            encoded[position % encoded.Length] += delta;
            try
            {
                Json(w => EncodedItemJson.WriteItem(w, encoded), null);
                return false;
            }
            catch (CorruptDataException)
            {
                return true;
            }
        });

    [Fact]
    public void ATruncatedItemIsCorruptData()
    {
        var encoded = ItemCodec.Encode(new Item { ["a"] = AttributeValue.FromString("value") }, SomeHeader);

        Assert.Throws<CorruptDataException>(() => EncodedItemJson.Size(encoded.AsSpan(0, encoded.Length - 3)));
    }
}
