using System.Text.Encodings.Web;
using System.Text.Json;
using CsCheck;

namespace Basalt.Model.Tests;

/// <summary>
/// S values read as UTF-8 (from a request without escapes, or from storage) are kept as their bytes:
/// they must behave exactly like the same value built from a .NET string.
/// </summary>
public class Utf8StringValueProperties
{
    // Any valid Unicode text (what a request can carry), including non-ASCII, quotes, backslashes and
    // control characters (escaped or not in JSON).
    private static readonly Gen<string> Text = Gen.OneOf(Gen.String, Gen.String[Gen.Char["aé\"\\\u2028😀 \n"], 0, 40]).Where(IsValidUnicode);

    [Fact]
    public void A_value_read_from_json_equals_the_string_value_and_encodes_and_answers_alike()
    {
        Text.Sample(text =>
        {
            var fromString = AttributeValue.FromString(text);
            foreach (var encoder in new[] { JavaScriptEncoder.Default, JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
            {
                var json = Json(fromString, encoder);
                using var document = JsonDocument.Parse(json);
                var read = AttributeValueJson.Read(document.RootElement);

                Assert.Equal(!json.Contains('\\', StringComparison.Ordinal), read.HasUtf8);
                Assert.Equal(fromString, read);
                Assert.Equal(text, read.S);
                Assert.Equal(fromString.Utf8Length, read.Utf8Length);
                Assert.Equal(ItemSize.Of(fromString), ItemSize.Of(read));
                Assert.Equal(Json(fromString, JavaScriptEncoder.Default), Json(read, JavaScriptEncoder.Default));
                Assert.Equal(Encode(fromString), Encode(read));
            }
        });
    }

    [Fact]
    public void A_value_decoded_from_storage_keeps_its_bytes_and_round_trips()
    {
        Text.Sample(text =>
        {
            var encoded = Encode(AttributeValue.FromString(text));
            var decoded = ItemCodec.Decode(encoded, out _)["a"];

            Assert.True(decoded.HasUtf8);
            Assert.Equal(text, decoded.S);
            Assert.Equal(encoded, Encode(decoded));
        });
    }

    [Fact]
    public void A_json_string_that_is_not_valid_unicode_is_still_refused()
    {
        // An escaped lone surrogate takes the string path, which refuses it as before.
        using var document = JsonDocument.Parse("""{"S":"\uD800"}""");
        Assert.Throws<InvalidOperationException>(() => AttributeValueJson.Read(document.RootElement).S);
    }

    private static bool IsValidUnicode(string text) => System.Text.Unicode.Utf8.FromUtf16(text, new byte[text.Length * 3], out _, out _, replaceInvalidSequences: false) == System.Buffers.OperationStatus.Done;

    private static byte[] Encode(AttributeValue value) =>
        ItemCodec.Encode(new Item { ["a"] = value }, new ItemHeader(7, 0));

    private static string Json(AttributeValue value, JavaScriptEncoder encoder)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = encoder }))
        {
            AttributeValueJson.Write(writer, value);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
