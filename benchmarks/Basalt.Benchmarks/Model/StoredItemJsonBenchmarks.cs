using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Basalt.Model;

namespace Basalt.Benchmarks.Model;

/// <summary>
/// A stored item to its JSON response form: decode to an <see cref="Item"/> and write it (what the
/// read operations do), or write straight from the stored bytes with <see cref="EncodedItemJson"/>;
/// for the 1,000-byte items of `basalt bench` and for a 10-attribute item of mixed types.
/// </summary>
[MemoryDiagnoser]
public class StoredItemJsonBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(16 * 1024);
    private Utf8JsonWriter _writer = null!;
    private byte[] _stored = null!;

    [Params("bench-1KB", "mixed-10")]
    public string Shape { get; set; } = "bench-1KB";

    [GlobalSetup]
    public void Setup()
    {
        var item = Shape == "bench-1KB"
            ? new Item
            {
                ["pk"] = AttributeValue.FromString("p0000000050"),
                ["sk"] = AttributeValue.FromString("s0005"),
                ["payload"] = AttributeValue.FromString(new string('x', 973)),
            }
            : new Item
            {
                ["pk"] = AttributeValue.FromString("user#12345"),
                ["sk"] = AttributeValue.FromNumber(DynamoNumber.Parse("42")),
                ["name"] = AttributeValue.FromString("A. N. Other"),
                ["email"] = AttributeValue.FromString("someone@example.com"),
                ["age"] = AttributeValue.FromNumber(DynamoNumber.Parse("37")),
                ["score"] = AttributeValue.FromNumber(DynamoNumber.Parse("1234.5678")),
                ["active"] = AttributeValue.True,
                ["tags"] = AttributeValue.FromStringSet(["a", "bb", "ccc"]),
                ["address"] = AttributeValue.FromMap(new Dictionary<string, AttributeValue>
                {
                    ["city"] = AttributeValue.FromString("Paris"),
                    ["zip"] = AttributeValue.FromString("75001"),
                }),
                ["history"] = AttributeValue.FromList([AttributeValue.FromNumber(DynamoNumber.Parse("1")), AttributeValue.FromString("x")]),
            };
        _stored = ItemCodec.Encode(item, new ItemHeader(1, 0));
        _writer = new Utf8JsonWriter(_output, new JsonWriterOptions { SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    [Benchmark(Baseline = true)]
    public int DecodeThenWrite()
    {
        Reset();
        var item = ItemCodec.Decode(_stored, out _);
        AttributeValueJson.WriteItem(_writer, item);
        _writer.Flush();
        return ItemSize.Of(item) + _output.WrittenCount;
    }

    [Benchmark]
    public int WriteFromStoredBytes()
    {
        Reset();
        EncodedItemJson.WriteItem(_writer, _stored);
        _writer.Flush();
        return EncodedItemJson.Size(_stored) + _output.WrittenCount;
    }

    private void Reset()
    {
        _output.ResetWrittenCount();
        _writer.Reset();
    }
}
