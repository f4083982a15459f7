using System.Text;

namespace Basalt.Cli.Bench;

/// <summary>
/// Encodes a complete, signed DynamoDB JSON 1.0 HTTP/1.1 request (head and body) into a reusable
/// buffer: the caller writes the JSON body into <see cref="Body"/>, then <see cref="Encode"/> signs
/// it and lays out the request bytes. One instance per worker; nothing allocated per request.
/// </summary>
internal sealed class SignedRequestWriter : IDisposable
{
    private const int HeadReserve = 1024;
    private static readonly byte[] SignedHeaders = "content-type;host;x-amz-date;x-amz-target"u8.ToArray();

    private readonly SigV4Signer _signer;
    private readonly AmzDateClock _clock;
    private readonly byte[] _host;
    private byte[] _body;
    private byte[] _request;

    // Scratch reused per request (the stack would be zeroed on every call).
    private readonly byte[] _signature = new byte[SigV4Signer.SignatureHexLength];
    private byte[] _canonicalHeaders = new byte[512];

    public SignedRequestWriter(SigV4Signer signer, string hostHeader, TimeProvider clock, int initialBodySize = 4096)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(hostHeader);
        _signer = signer;
        _clock = new AmzDateClock(clock);
        _host = Encoding.ASCII.GetBytes(hostHeader);
        _body = new byte[initialBodySize];
        _request = new byte[initialBodySize + HeadReserve + _host.Length];
    }

    /// <summary>Disposes the signer, which this writer owns.</summary>
    public void Dispose() => _signer.Dispose();

    /// <summary>Space for the JSON body; grow with <see cref="EnsureBodyCapacity"/> first if needed.</summary>
    public Span<byte> Body => _body;

    public void EnsureBodyCapacity(int size)
    {
        if (size > _body.Length)
        {
            _body = new byte[size];
            _request = new byte[size + HeadReserve + _host.Length];
        }
    }

    /// <summary>Signs the first <paramref name="bodyLength"/> bytes of <see cref="Body"/> as operation <paramref name="operation"/>.</summary>
    public ReadOnlyMemory<byte> Encode(ReadOnlySpan<byte> operation, int bodyLength)
    {
        var body = _body.AsSpan(0, bodyLength);
        var date = _clock.Now();

        if (_canonicalHeaders.Length < 256 + _host.Length + operation.Length)
        {
            _canonicalHeaders = new byte[256 + _host.Length + operation.Length];
        }

        var headers = new SpanWriter(_canonicalHeaders);
        headers.Write("content-type:application/x-amz-json-1.0\nhost:"u8);
        headers.Write(_host);
        headers.Write("\nx-amz-date:"u8);
        headers.Write(date);
        headers.Write("\nx-amz-target:DynamoDB_20120810."u8);
        headers.Write(operation);
        headers.Write((byte)'\n');

        Span<byte> signature = _signature;
        _signer.Sign("POST"u8, "/"u8, [], headers.Written, SignedHeaders, body, date, signature);

        var request = new SpanWriter(_request);
        request.Write("POST / HTTP/1.1\r\nHost: "u8);
        request.Write(_host);
        request.Write("\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: DynamoDB_20120810."u8);
        request.Write(operation);
        request.Write("\r\nX-Amz-Date: "u8);
        request.Write(date);
        request.Write("\r\nAuthorization: AWS4-HMAC-SHA256 Credential="u8);
        request.Write(_signer.AccessKey);
        request.Write((byte)'/');
        request.Advance(_signer.WriteScope(date, request.Remaining));
        request.Write(", SignedHeaders="u8);
        request.Write(SignedHeaders);
        request.Write(", Signature="u8);
        request.Write(signature);
        request.Write("\r\nContent-Length: "u8);
        request.WriteInt64(bodyLength);
        request.Write("\r\n\r\n"u8);
        request.Write(body);
        return _request.AsMemory(0, request.Position);
    }
}
