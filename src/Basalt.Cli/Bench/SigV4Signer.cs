using System.Security.Cryptography;
using System.Text;

namespace Basalt.Cli.Bench;

/// <summary>
/// AWS Signature Version 4 for the load generator, without allocation once the day's signing key
/// is derived: the canonical request and the string to sign are built in the instance's buffers,
/// hashed with reused SHA-256/HMAC objects, and the signature is written as lowercase hex bytes.
/// One instance per worker (the signing-key cache is not synchronised).
/// </summary>
internal sealed class SigV4Signer : IDisposable
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const int SignatureHexLength = 64;
    public const int AmzDateLength = 16;

    private static readonly byte[] AlgorithmBytes = Encoding.ASCII.GetBytes(Algorithm);
    private static readonly byte[] Terminator = "aws4_request"u8.ToArray();

    private readonly byte[] _secret;
    private readonly byte[] _region;
    private readonly byte[] _service;
    private readonly byte[] _signingKey = new byte[HMACSHA256.HashSizeInBytes];
    private readonly byte[] _keyDate = new byte[8];
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    // Per-instance scratch (an instance signs one request at a time): no stack zeroing or pool round trip per request.
    private readonly byte[] _hash = new byte[SHA256.HashSizeInBytes];
    private readonly byte[] _stringToSign;
    private byte[] _canonical = new byte[2048];
    private IncrementalHash? _hmac;
    private bool _hasKey;

    public SigV4Signer(string accessKey, string secret, string region, string service = "dynamodb")
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKey);
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentException.ThrowIfNullOrEmpty(region);
        ArgumentException.ThrowIfNullOrEmpty(service);
        AccessKey = Encoding.UTF8.GetBytes(accessKey);
        _secret = Encoding.UTF8.GetBytes("AWS4" + secret);
        _region = Encoding.UTF8.GetBytes(region);
        _service = Encoding.UTF8.GetBytes(service);
        _stringToSign = new byte[AlgorithmBytes.Length + 1 + AmzDateLength + 1 + ScopeLength + 1 + SignatureHexLength];
    }

    public byte[] AccessKey { get; }

    /// <summary>Length of the credential scope "yyyyMMdd/region/service/aws4_request".</summary>
    public int ScopeLength => 8 + 1 + _region.Length + 1 + _service.Length + 1 + Terminator.Length;

    /// <summary>Writes "yyyyMMdd/region/service/aws4_request" for <paramref name="amzDate"/>; returns its length.</summary>
    public int WriteScope(ReadOnlySpan<byte> amzDate, Span<byte> destination)
    {
        var writer = new SpanWriter(destination);
        writer.Write(amzDate[..8]);
        writer.Write((byte)'/');
        writer.Write(_region);
        writer.Write((byte)'/');
        writer.Write(_service);
        writer.Write((byte)'/');
        writer.Write(Terminator);
        return writer.Position;
    }

    /// <summary>
    /// Computes the signature of a request into <paramref name="signatureHex"/> (64 bytes).
    /// <paramref name="canonicalHeaders"/> is the canonical header block, each "name:value\n" with
    /// lowercase names in sorted order; <paramref name="signedHeaders"/> is "name;name;...".
    /// <paramref name="amzDate"/> is the 16-byte X-Amz-Date value (yyyyMMddTHHmmssZ).
    /// </summary>
    public void Sign(
        ReadOnlySpan<byte> method,
        ReadOnlySpan<byte> canonicalUri,
        ReadOnlySpan<byte> canonicalQuery,
        ReadOnlySpan<byte> canonicalHeaders,
        ReadOnlySpan<byte> signedHeaders,
        ReadOnlySpan<byte> payload,
        ReadOnlySpan<byte> amzDate,
        Span<byte> signatureHex)
    {
        if (amzDate.Length != AmzDateLength)
        {
            throw new ArgumentException("X-Amz-Date must be yyyyMMddTHHmmssZ", nameof(amzDate));
        }

        var canonicalLength = method.Length + canonicalUri.Length + canonicalQuery.Length + canonicalHeaders.Length
            + signedHeaders.Length + 5 + SignatureHexLength;
        if (canonicalLength > _canonical.Length)
        {
            _canonical = new byte[Math.Max(canonicalLength, _canonical.Length * 2)];
        }

        var writer = new SpanWriter(_canonical);
        writer.Write(method);
        writer.Write((byte)'\n');
        writer.Write(canonicalUri);
        writer.Write((byte)'\n');
        writer.Write(canonicalQuery);
        writer.Write((byte)'\n');
        writer.Write(canonicalHeaders);
        writer.Write((byte)'\n');
        writer.Write(signedHeaders);
        writer.Write((byte)'\n');
        // Reused hash objects: OpenSSL's per-call set-up of the one-shot APIs costs more than
        // hashing a small request.
        Span<byte> hash = _hash;
        _sha256.AppendData(payload);
        _sha256.GetHashAndReset(hash);
        writer.WriteHex(hash);
        _sha256.AppendData(writer.Written);
        _sha256.GetHashAndReset(hash);

        var toSign = new SpanWriter(_stringToSign);
        toSign.Write(AlgorithmBytes);
        toSign.Write((byte)'\n');
        toSign.Write(amzDate);
        toSign.Write((byte)'\n');
        toSign.Advance(WriteScope(amzDate, toSign.Remaining));
        toSign.Write((byte)'\n');
        toSign.WriteHex(hash);

        var hmac = SigningHmac(amzDate[..8]);
        hmac.AppendData(toSign.Written);
        hmac.GetHashAndReset(hash);
        HexLower(hash, signatureHex);
    }

    public void Dispose()
    {
        _sha256.Dispose();
        _hmac?.Dispose();
    }

    /// <summary>An HMAC keyed with the day's signing key, re-created when the day changes.</summary>
    private IncrementalHash SigningHmac(ReadOnlySpan<byte> date)
    {
        if (_hmac is null || !_hasKey || !date.SequenceEqual(_keyDate))
        {
            DeriveSigningKey(date);
            _hmac?.Dispose();
            _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _signingKey);
        }

        return _hmac;
    }

    /// <summary>HMAC chain "AWS4"+secret → date → region → service → aws4_request.</summary>
    private void DeriveSigningKey(ReadOnlySpan<byte> date)
    {
        Span<byte> key = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_secret, date, key);
        HMACSHA256.HashData(key, _region, key);
        HMACSHA256.HashData(key, _service, key);
        HMACSHA256.HashData(key, Terminator, _signingKey);
        date.CopyTo(_keyDate);
        _hasKey = true;
    }

    /// <summary>Writes bytes as lowercase hex (2 bytes per input byte), with the runtime's vectorised UTF-8 hex encoder.</summary>
    public static void HexLower(ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
        if (!Convert.TryToHexStringLower(bytes, destination, out _))
        {
            throw new ArgumentException("destination too small", nameof(destination));
        }
    }
}
