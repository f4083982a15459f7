using System.Security.Cryptography;
using System.Text;

namespace Basalt.Api.Auth;

/// <summary>The SigV4 string to sign and the HMAC-SHA256 key derivation chain.</summary>
internal static class SigV4Signing
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string Terminator = "aws4_request";

    /// <summary>
    /// Writes <c>AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{hex(sha256(canonicalRequest))}</c>.
    /// </summary>
    public static void WriteStringToSign(
        ref Utf8Writer writer, ReadOnlySpan<char> amzDate, ReadOnlySpan<char> scope, ReadOnlySpan<byte> canonicalRequest)
    {
        writer.Write(Algorithm);
        writer.Write((byte)'\n');
        writer.Write(amzDate);
        writer.Write((byte)'\n');
        writer.Write(scope);
        writer.Write((byte)'\n');
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(canonicalRequest, hash);
        writer.WriteHex(hash);
    }

    /// <summary>
    /// signature = HMAC(HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"), stringToSign).
    /// </summary>
    public static void ComputeSignature(
        string secret,
        ReadOnlySpan<char> date,
        ReadOnlySpan<char> region,
        ReadOnlySpan<char> service,
        ReadOnlySpan<byte> stringToSign,
        Span<byte> signature)
    {
        var secretWriter = new Utf8Writer(secret.Length * 3 + 4);
        try
        {
            secretWriter.Write("AWS4");
            secretWriter.Write(secret);
            Span<byte> key = stackalloc byte[HMACSHA256.HashSizeInBytes];
            Mac(secretWriter.Written, date, key);
            Mac(key, region, key);
            Mac(key, service, key);
            Mac(key, Terminator, key);
            HMACSHA256.HashData(key, stringToSign, signature);
            CryptographicOperations.ZeroMemory(key);
        }
        finally
        {
            secretWriter.Clear();
            secretWriter.Dispose();
        }
    }

    private static void Mac(ReadOnlySpan<byte> key, ReadOnlySpan<char> data, Span<byte> destination)
    {
        Span<byte> keyCopy = stackalloc byte[key.Length];
        key.CopyTo(keyCopy);
        var bytes = new Utf8Writer(Encoding.UTF8.GetMaxByteCount(data.Length));
        try
        {
            bytes.Write(data);
            HMACSHA256.HashData(keyCopy, bytes.Written, destination);
        }
        finally
        {
            bytes.Dispose();
        }
    }
}
