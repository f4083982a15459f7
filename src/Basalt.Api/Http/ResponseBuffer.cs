using System.Buffers;
using System.Text.Json;

namespace Basalt.Api.Http;

/// <summary>A reusable buffer and JSON writer for one response body.</summary>
public sealed class ResponseBuffer : IDisposable
{
    private static readonly JsonWriterOptions Options = new() { SkipValidation = true, Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public ResponseBuffer()
    {
        Buffer = new ArrayBufferWriter<byte>(512);
        Writer = new Utf8JsonWriter(Buffer, Options);
    }

    public ArrayBufferWriter<byte> Buffer { get; }

    public Utf8JsonWriter Writer { get; }

    /// <summary>Discards anything written (e.g. a partial success body before an error).</summary>
    public void Reset()
    {
        Writer.Reset();
        Buffer.Clear();
    }

    public void Dispose() => Writer.Dispose();
}
