using System.Text;
using Basalt.Cli.Bench;

namespace Basalt.Cli.Tests.Bench;

public sealed class HttpResponseParserTests
{
    [Fact]
    public void HeadWithContentLengthIsParsed()
    {
        var data = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\ncontent-length: 12\r\n\r\n{\"Item\":{}}x");

        Assert.True(HttpResponseParser.TryParseHead(data, out var head));

        Assert.Equal(200, head.Status);
        Assert.Equal(12, head.ContentLength);
        Assert.False(head.Chunked);
        Assert.False(head.Close);
        Assert.Equal(data.Length - 12, head.HeadLength);
    }

    [Fact]
    public void IncompleteHeadNeedsMoreBytes()
    {
        var data = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n");

        Assert.False(HttpResponseParser.TryParseHead(data, out _));
    }

    [Theory]
    [InlineData("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", true)]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", true)]
    [InlineData("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", false)]
    [InlineData("HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", false)]
    public void ConnectionCloseIsRecognised(string text, bool close)
    {
        Assert.True(HttpResponseParser.TryParseHead(Encoding.ASCII.GetBytes(text), out var head));

        Assert.Equal(close, head.Close);
    }

    [Fact]
    public void ChunkedBodyIsDecodedOnceComplete()
    {
        var body = Encoding.ASCII.GetBytes("5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\nNEXT");

        Assert.False(HttpResponseParser.TryDecodeChunked(body.AsSpan(0, 20), out _, out _));
        Assert.True(HttpResponseParser.TryDecodeChunked(body, out var consumed, out var length));

        Assert.Equal(body.Length - 4, consumed);
        Assert.Equal("hello, world", Encoding.ASCII.GetString(body, 0, length));
    }

    [Fact]
    public void ChunkedHeadHasNoContentLength()
    {
        var data = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");

        Assert.True(HttpResponseParser.TryParseHead(data, out var head));

        Assert.True(head.Chunked);
        Assert.Equal(-1, head.ContentLength);
    }

    [Theory]
    [InlineData("""{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"x"}""", "ProvisionedThroughputExceededException")]
    [InlineData("""{"message":"x", "__type" : "ThrottlingException"}""", "ThrottlingException")]
    [InlineData("""{"message":"no type"}""", "")]
    public void ErrorCodeIsTheTypeAfterTheHash(string body, string code)
    {
        Assert.Equal(code, Encoding.ASCII.GetString(HttpResponseParser.ErrorCode(Encoding.ASCII.GetBytes(body))));
    }

    [Fact]
    public void ErrorTallyCountsCodesAndStatusesAndMerges()
    {
        var tally = new ErrorTally();
        tally.AddResponse(400, """{"__type":"a#ThrottlingException"}"""u8);
        tally.AddResponse(400, """{"__type":"a#ThrottlingException"}"""u8);
        tally.AddResponse(500, "oops"u8);
        var other = new ErrorTally();
        other.Add("ThrottlingException", 3);

        tally.AddAll(other);

        Assert.Equal(5, tally.Counts["ThrottlingException"]);
        Assert.Equal(1, tally.Counts["HTTP 500"]);
    }
}
