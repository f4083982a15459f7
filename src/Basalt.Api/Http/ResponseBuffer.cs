using System.Buffers;
using System.Text.Json;

namespace Basalt.Api.Http;

/// <summary>
/// The buffer and JSON writer for one response body. The pair is taken from a process-wide pool
/// and given back on <see cref="Dispose"/>, so a request allocates neither (a body that grew past
/// <see cref="MaxRetainedBytes"/> is dropped rather than kept).
/// </summary>
public sealed class ResponseBuffer : IDisposable
{
    /// <summary>Buffers larger than this are not kept in the pool.</summary>
    public const int MaxRetainedBytes = 256 * 1024;

    private const int InitialBytes = 4096;
    private static readonly JsonWriterOptions Options = new() { SkipValidation = true, Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly BoundedPool<Pair> Pool = new(256, static () =>
    {
        var buffer = new ArrayBufferWriter<byte>(InitialBytes);
        return new Pair(buffer, new Utf8JsonWriter(buffer, Options));
    });

    private Pair? _pair = Pool.Rent();

    public ArrayBufferWriter<byte> Buffer => Current.Buffer;

    public Utf8JsonWriter Writer => Current.Writer;

    private Pair Current => _pair ?? throw new ObjectDisposedException(nameof(ResponseBuffer));

    /// <summary>Discards anything written (e.g. a partial success body before an error).</summary>
    public void Reset()
    {
        var pair = Current;
        pair.Writer.Reset();
        pair.Buffer.ResetWrittenCount();
    }

    /// <summary>Gives the buffer back to the pool; the body must no longer be in use.</summary>
    public void Dispose()
    {
        var pair = Interlocked.Exchange(ref _pair, null);
        if (pair is null)
        {
            return;
        }

        pair.Writer.Reset();
        pair.Buffer.ResetWrittenCount();
        if (pair.Buffer.Capacity > MaxRetainedBytes || !Pool.Return(pair))
        {
            pair.Writer.Dispose();
        }
    }

    private sealed record Pair(ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer);
}
