using System.Buffers.Text;
using System.Text;

namespace Basalt.Cli.Bench;

/// <summary>What the client needs from one HTTP/1.1 response.</summary>
internal readonly record struct HttpResponseHead(int Status, int HeadLength, long ContentLength, bool Chunked, bool Close);

/// <summary>
/// Parses HTTP/1.1 response heads and chunked bodies from a receive buffer, without allocating.
/// Only what a load generator needs: status, Content-Length, Transfer-Encoding: chunked and
/// Connection: close.
/// </summary>
internal static class HttpResponseParser
{
    /// <summary>Parses the head if it is complete ("\r\n\r\n" received); false if more bytes are needed.</summary>
    public static bool TryParseHead(ReadOnlySpan<byte> data, out HttpResponseHead head)
    {
        head = default;
        var end = data.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return false;
        }

        var headBytes = data[..end];
        var lineEnd = headBytes.IndexOf("\r\n"u8);
        var statusLine = lineEnd < 0 ? headBytes : headBytes[..lineEnd];
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8)
            || !Utf8Parser.TryParse(statusLine.Slice(9, 3), out int status, out _))
        {
            throw new InvalidDataException("malformed HTTP status line");
        }

        long contentLength = -1;
        var chunked = false;
        var close = statusLine[7] == (byte)'0';
        var rest = lineEnd < 0 ? [] : headBytes[(lineEnd + 2)..];
        while (!rest.IsEmpty)
        {
            var next = rest.IndexOf("\r\n"u8);
            var line = next < 0 ? rest : rest[..next];
            rest = next < 0 ? [] : rest[(next + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (name.Length == 14 && Ascii.EqualsIgnoreCase(name, "content-length"u8))
            {
                if (!Utf8Parser.TryParse(value, out contentLength, out var consumed) || consumed != value.Length)
                {
                    throw new InvalidDataException("malformed Content-Length");
                }
            }
            else if (name.Length == 17 && Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8))
            {
                chunked = value.Length >= 7 && Ascii.EqualsIgnoreCase(value[^7..], "chunked"u8);
            }
            else if (name.Length == 10 && Ascii.EqualsIgnoreCase(name, "connection"u8))
            {
                close = Ascii.EqualsIgnoreCase(value, "close"u8) || (close && !Ascii.EqualsIgnoreCase(value, "keep-alive"u8));
            }
        }

        head = new HttpResponseHead(status, end + 4, chunked ? -1 : contentLength, chunked, close);
        return true;
    }

    /// <summary>
    /// Checks whether a chunked body starting at <paramref name="body"/>[0] is complete; if so, returns
    /// the number of bytes it spans (through the final CRLF) and compacts the payload in place to
    /// the front of <paramref name="body"/>, returning its length in <paramref name="payloadLength"/>.
    /// </summary>
    public static bool TryDecodeChunked(Span<byte> body, out int consumed, out int payloadLength)
    {
        consumed = 0;
        payloadLength = 0;
        var position = 0;
        var payload = 0;
        while (true)
        {
            var lineEnd = body[position..].IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                return false;
            }

            var sizeText = body.Slice(position, lineEnd);
            var semicolon = sizeText.IndexOf((byte)';');
            if (semicolon >= 0)
            {
                sizeText = sizeText[..semicolon];
            }

            if (!Utf8Parser.TryParse(sizeText.Trim((byte)' '), out int size, out _, 'x') || size < 0)
            {
                throw new InvalidDataException("malformed chunk size");
            }

            var dataStart = position + lineEnd + 2;
            if (size == 0)
            {
                // Trailers (if any) end with an empty line.
                var trailerEnd = body[dataStart..].IndexOf("\r\n"u8);
                while (trailerEnd > 0)
                {
                    dataStart += trailerEnd + 2;
                    trailerEnd = body[dataStart..].IndexOf("\r\n"u8);
                }

                if (trailerEnd < 0)
                {
                    return false;
                }

                consumed = dataStart + 2;
                payloadLength = payload;
                CompactChunked(body);
                return true;
            }

            if (dataStart + size + 2 > body.Length)
            {
                return false;
            }

            position = dataStart + size + 2;
            payload += size;
        }
    }

    /// <summary>Moves the chunk payloads of a complete chunked body to its front.</summary>
    private static void CompactChunked(Span<byte> body)
    {
        var position = 0;
        var output = 0;
        while (true)
        {
            var lineEnd = body[position..].IndexOf("\r\n"u8);
            var sizeText = body.Slice(position, lineEnd);
            var semicolon = sizeText.IndexOf((byte)';');
            if (semicolon >= 0)
            {
                sizeText = sizeText[..semicolon];
            }

            Utf8Parser.TryParse(sizeText.Trim((byte)' '), out int size, out _, 'x');
            if (size == 0)
            {
                return;
            }

            var dataStart = position + lineEnd + 2;
            body.Slice(dataStart, size).CopyTo(body[output..]);
            output += size;
            position = dataStart + size + 2;
        }
    }

    /// <summary>
    /// The DynamoDB error code of an error body: the part of "__type" after '#', e.g.
    /// "ConditionalCheckFailedException"; empty if the body has none.
    /// </summary>
    public static ReadOnlySpan<byte> ErrorCode(ReadOnlySpan<byte> body)
    {
        var key = body.IndexOf("\"__type\""u8);
        if (key < 0)
        {
            return [];
        }

        var rest = body[(key + 8)..];
        var open = rest.IndexOf((byte)'"');
        if (open < 0)
        {
            return [];
        }

        rest = rest[(open + 1)..];
        var close = rest.IndexOf((byte)'"');
        if (close < 0)
        {
            return [];
        }

        var type = rest[..close];
        var hash = type.LastIndexOf((byte)'#');
        return hash >= 0 ? type[(hash + 1)..] : type;
    }
}
