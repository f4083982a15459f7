using System.Text;
using Basalt.Cli.Bench;

namespace Basalt.Cli.Tests.Bench;

/// <summary>The transports' shared receive side, fed a response in pieces as a socket might deliver it.</summary>
public sealed class HttpResponseReaderTests
{
    [Theory]
    [InlineData(200, "first", false, "HTTP/1.1 200 OK\r\nContent-", "Length: 5\r\n\r\nfirst")]
    [InlineData(200, "second", false, "HTTP/1.1 200 OK\r\nContent-Length: 6\r", "\n\r", "\nsec", "ond")]
    [InlineData(200, "third", false, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nthi", "\r\n2\r\nrd\r\n0\r\n", "\r\n")]
    [InlineData(400, "{}", true, "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{", "}")]
    public void AResponseIsCompleteOnlyWithItsLastPiece(int status, string body, bool close, params string[] pieces)
    {
        var reader = new HttpResponseReader(initialBufferSize: 16);
        reader.Reset();
        for (var i = 0; i < pieces.Length; i++)
        {
            Assert.False(reader.TryComplete(out _, out _));
            var bytes = Encoding.ASCII.GetBytes(pieces[i]);
            bytes.CopyTo(reader.ReceiveSpace().Span);
            reader.Advance(bytes.Length);
        }

        Assert.True(reader.TryComplete(out var exchange, out var closes));
        Assert.Equal((status, body, close), (exchange.Status, Encoding.ASCII.GetString(exchange.Body.Span), closes));
    }

    [Fact]
    public void ABodyWithoutLengthEndsWithTheStreamAndATruncatedOneIsAnError()
    {
        var reader = new HttpResponseReader();
        Receive(reader, "HTTP/1.0 200 OK\r\n\r\nuntil the end");
        Assert.False(reader.TryComplete(out _, out _));
        Assert.Equal("until the end", Encoding.ASCII.GetString(reader.CompleteAtEndOfStream().Body.Span));

        reader.Reset();
        Receive(reader, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort");
        Assert.False(reader.TryComplete(out _, out _));
        Assert.Throws<IOException>(() => reader.CompleteAtEndOfStream());
    }

    private static void Receive(HttpResponseReader reader, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        bytes.CopyTo(reader.ReceiveSpace().Span);
        reader.Advance(bytes.Length);
    }
}
