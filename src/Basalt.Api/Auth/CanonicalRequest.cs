using System.Security.Cryptography;
using System.Text;

namespace Basalt.Api.Auth;

/// <summary>
/// The SigV4 canonical request: method, canonical URI, canonical query, signed headers (lower-cased
/// names, trimmed values with inner whitespace collapsed, repeated headers joined by ','), the
/// signed-header list and the hex SHA-256 of the body.
/// </summary>
internal static class CanonicalRequest
{
    /// <summary>Writes the canonical request of <paramref name="request"/> into <paramref name="writer"/>.</summary>
    public static void Write(ref Utf8Writer writer, SignedRequest request, ReadOnlySpan<char> signedHeaders, bool presigned)
    {
        writer.Write(request.Method);
        writer.Write((byte)'\n');
        if (request.Path.Length == 0)
        {
            writer.Write((byte)'/');
        }
        else
        {
            UriEncode(ref writer, request.Path, keepSlash: true);
        }

        writer.Write((byte)'\n');
        WriteQuery(ref writer, new QueryParameters(request.QueryString), presigned);
        writer.Write((byte)'\n');
        foreach (var range in signedHeaders.Split(';'))
        {
            var name = signedHeaders[range];
            writer.WriteLowerInvariant(name);
            writer.Write((byte)':');
            var first = true;
            for (var i = 0; i < request.Headers.Count; i++)
            {
                var header = request.Headers[i];
                if (name.Equals(header.Key, StringComparison.OrdinalIgnoreCase))
                {
                    if (!first)
                    {
                        writer.Write((byte)',');
                    }

                    WriteHeaderValue(ref writer, header.Value);
                    first = false;
                }
            }

            writer.Write((byte)'\n');
        }

        writer.Write((byte)'\n');
        writer.Write(signedHeaders);
        writer.Write((byte)'\n');
        Span<byte> payloadHash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(request.Body.Span, payloadHash);
        writer.WriteHex(payloadHash);
    }

    /// <summary>The canonical request as text (tests and diagnostics).</summary>
    public static string Build(SignedRequest request, string signedHeaders, bool presigned = false)
    {
        var writer = new Utf8Writer(512);
        try
        {
            Write(ref writer, request, signedHeaders, presigned);
            return Encoding.UTF8.GetString(writer.Written);
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>
    /// Percent-encodes UTF-8 per RFC 3986: unreserved characters (A-Z a-z 0-9 - _ . ~) stay, '/' stays
    /// in paths, everything else (including '%' of an already-encoded path: AWS double-encodes
    /// the paths of every service but S3) becomes %XX in upper-case hex.
    /// </summary>
    public static void UriEncode(ref Utf8Writer writer, ReadOnlySpan<char> text, bool keepSlash)
    {
        Span<byte> utf8 = stackalloc byte[4];
        while (!text.IsEmpty)
        {
            var c = text[0];
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' || (keepSlash && c == '/'))
            {
                writer.Write((byte)c);
                text = text[1..];
                continue;
            }

            System.Text.Rune.DecodeFromUtf16(text, out var rune, out var consumed);
            var count = rune.EncodeToUtf8(utf8);
            for (var i = 0; i < count; i++)
            {
                writer.Write((byte)'%');
                writer.Write((byte)"0123456789ABCDEF"[utf8[i] >> 4]);
                writer.Write((byte)"0123456789ABCDEF"[utf8[i] & 0xF]);
            }

            text = text[consumed..];
        }
    }

    private static void WriteQuery(ref Utf8Writer writer, QueryParameters query, bool presigned)
    {
        if (query.IsEmpty)
        {
            return;
        }

        var pairs = new List<(string Name, string Value)>();
        var raw = query.RawPairs;
        foreach (var range in raw.Split('&'))
        {
            var pair = raw[range];
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf('=');
            var name = Uri.UnescapeDataString((equals < 0 ? pair : pair[..equals]).ToString());
            if (presigned && name == "X-Amz-Signature")
            {
                continue;
            }

            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..].ToString());
            pairs.Add((Encode(name), Encode(value)));
        }

        pairs.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        for (var i = 0; i < pairs.Count; i++)
        {
            if (i > 0)
            {
                writer.Write((byte)'&');
            }

            writer.Write(pairs[i].Name);
            writer.Write((byte)'=');
            writer.Write(pairs[i].Value);
        }
    }

    private static string Encode(string text)
    {
        var writer = new Utf8Writer(text.Length * 3 + 4);
        try
        {
            UriEncode(ref writer, text, keepSlash: false);
            return Encoding.ASCII.GetString(writer.Written);
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>Writes a header value trimmed, with each run of spaces/tabs collapsed to one space.</summary>
    private static void WriteHeaderValue(ref Utf8Writer writer, string value)
    {
        var text = value.AsSpan().Trim(" \t");
        while (!text.IsEmpty)
        {
            var blank = text.IndexOfAny(' ', '\t');
            if (blank < 0)
            {
                writer.Write(text);
                return;
            }

            writer.Write(text[..blank]);
            writer.Write((byte)' ');
            text = text[blank..].TrimStart(" \t");
        }
    }
}
