using System.Text;
using Basalt.Api.Http;

namespace Basalt.Api.Tests.Http;

public sealed class ResponseBufferTests
{
    [Fact]
    public void ResetDiscardsWhatWasWritten()
    {
        using var response = new ResponseBuffer();
        response.Writer.WriteStartObject();
        response.Writer.WriteString("a", "partial");
        response.Writer.Flush();

        response.Reset();
        response.Writer.WriteStartObject();
        response.Writer.WriteEndObject();
        response.Writer.Flush();

        Assert.Equal("{}", Encoding.UTF8.GetString(response.Buffer.WrittenSpan));
    }

    [Fact]
    public void ABufferTakenAfterDisposeStartsEmpty()
    {
        var first = new ResponseBuffer();
        first.Writer.WriteStartObject();
        first.Writer.WriteString("left", "over");
        first.Writer.Flush();
        first.Dispose();

        using var second = new ResponseBuffer();
        second.Writer.WriteStartArray();
        second.Writer.WriteEndArray();
        second.Writer.Flush();

        Assert.Equal("[]", Encoding.UTF8.GetString(second.Buffer.WrittenSpan));
    }

    [Fact]
    public void DisposedBufferCannotBeUsed()
    {
        var response = new ResponseBuffer();
        response.Dispose();
        response.Dispose();

        Assert.Throws<ObjectDisposedException>(() => response.Writer);
    }
}
