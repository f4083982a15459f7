using System.Security.Cryptography;
using System.Text;

namespace Basalt.Api.Auth;

/// <summary>
/// Authenticates DynamoDB requests signed with AWS Signature Version 4, answering failures with the
/// exact errors DynamoDB gives (all HTTP 400, thrown as <see cref="Basalt.Model.DynamoDbException"/>).
/// </summary>
/// <remarks>
/// Without a <see cref="CredentialStore"/> (the default, like DynamoDB Local) any access key is
/// accepted, but the request must carry a well-formed signature: an <c>AWS4-</c> Authorization header
/// with Credential, SignedHeaders and Signature, a date header, the AWS4-HMAC-SHA256 algorithm and a
/// five-part credential scope with a valid region. With a store, the date format, the 5-minute
/// clock skew, the signed Host header, the scope (service <c>dynamodb</c>, terminator, date), the
/// access key and the signature itself are verified too, in the order DynamoDB checks them.
/// Presigned requests (X-Amz-* query parameters) are accepted as well.
/// </remarks>
public sealed class SigV4Authenticator
{
    /// <summary>How far the request date may be from the server clock.</summary>
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);

    private const string DynamoDbService = "dynamodb";
    private const int MaxRegionLength = 64;

    private readonly CredentialStore? _credentials;
    private readonly TimeProvider _clock;
    private readonly string _service;
    private CallerIdentity? _lastIdentity;

    public SigV4Authenticator(CredentialStore? credentials, TimeProvider clock)
        : this(credentials, clock, DynamoDbService)
    {
    }

    /// <summary>Verifies against another service name (the AWS test suite signs for "service").</summary>
    internal SigV4Authenticator(CredentialStore? credentials, TimeProvider clock, string service)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(service);
        _credentials = credentials;
        _clock = clock;
        _service = service;
    }

    /// <summary>True when signatures are verified against stored secrets.</summary>
    public bool VerifiesSignatures => _credentials is not null;

    /// <summary>Checks the request's signature; returns the caller or throws DynamoDB's error.</summary>
    public CallerIdentity Authenticate(SignedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? authorization = null;
        string? amzDate = null;
        string? httpDate = null;
        var headers = request.Headers;
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i];
            if (authorization is null && header.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            {
                authorization = header.Value;
            }
            else if (amzDate is null && header.Key.Equals("X-Amz-Date", StringComparison.OrdinalIgnoreCase))
            {
                amzDate = header.Value;
            }
            else if (httpDate is null && header.Key.Equals("Date", StringComparison.OrdinalIgnoreCase))
            {
                httpDate = header.Value;
            }
        }

        var query = new QueryParameters(request.QueryString);
        SigV4Parameters parameters;
        if (!query.IsEmpty && query.Contains("X-Amz-Algorithm"))
        {
            if (authorization is not null)
            {
                throw SigV4Errors.BothHeaderAndQuery();
            }

            parameters = SigV4Parameters.FromQuery(query);
        }
        else
        {
            if (authorization is null || !authorization.AsSpan().TrimStart().StartsWith("AWS4-", StringComparison.Ordinal))
            {
                throw SigV4Errors.MissingToken();
            }

            parameters = SigV4Parameters.FromHeader(authorization, amzDate ?? httpDate);
        }

        var requestDate = default(DateTimeOffset);
        if (_credentials is not null)
        {
            requestDate = CheckDate(parameters, amzDate is not null);
            if (!ContainsHost(parameters.SignedHeaders))
            {
                throw SigV4Errors.HostNotSigned();
            }
        }

        if (!parameters.Algorithm.SequenceEqual(SigV4Signing.Algorithm))
        {
            throw SigV4Errors.UnsupportedAlgorithm(parameters.Algorithm);
        }

        var credential = parameters.Credential.TrimEnd('/');
        Span<Range> parts = stackalloc Range[6];
        if (credential.Split(parts, '/') != 5)
        {
            throw SigV4Errors.CredentialElements(parameters.Credential);
        }

        var accessKey = credential[parts[0]];
        var scopeDate = credential[parts[1]];
        var region = credential[parts[2]];
        CheckScope(scopeDate, region, credential[parts[3]], credential[parts[4]], requestDate);
        var identity = Identity(accessKey, region);
        if (_credentials is null)
        {
            return identity;
        }

        if (!_credentials.TryGetSecret(identity.AccessKeyId, out var secret))
        {
            throw SigV4Errors.UnknownAccessKey();
        }

        var scope = credential[parts[1].Start.Value..];
        if (!SignatureMatches(request, parameters, secret, scopeDate, region, credential[parts[3]], scope, requestDate))
        {
            throw SigV4Errors.SignatureMismatch();
        }

        return identity;
    }

    private static bool SignatureMatches(
        SignedRequest request,
        SigV4Parameters parameters,
        string secret,
        ReadOnlySpan<char> scopeDate,
        ReadOnlySpan<char> region,
        ReadOnlySpan<char> service,
        ReadOnlySpan<char> scope,
        DateTimeOffset requestDate)
    {
        var canonical = new Utf8Writer(1024);
        var stringToSign = new Utf8Writer(256);
        try
        {
            CanonicalRequest.Write(ref canonical, request, parameters.SignedHeaders, parameters.Presigned);
            Span<char> amzDate = stackalloc char[AmzDate.Length];
            AmzDate.Format(requestDate, amzDate);
            SigV4Signing.WriteStringToSign(ref stringToSign, amzDate, scope, canonical.Written);
            Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
            SigV4Signing.ComputeSignature(secret, scopeDate, region, service, stringToSign.Written, expected);
            return FixedTimeHexEquals(expected, parameters.Signature);
        }
        finally
        {
            canonical.Dispose();
            stringToSign.Dispose();
        }
    }

    /// <summary>Compares a signature with the provided lower-case hex text without data-dependent timing.</summary>
    private static bool FixedTimeHexEquals(ReadOnlySpan<byte> expected, ReadOnlySpan<char> providedHex)
    {
        if (providedHex.Length != expected.Length * 2)
        {
            return false;
        }

        Span<byte> expectedHex = stackalloc byte[expected.Length * 2];
        Span<byte> provided = stackalloc byte[expected.Length * 2];
        for (var i = 0; i < expected.Length; i++)
        {
            expectedHex[2 * i] = (byte)"0123456789abcdef"[expected[i] >> 4];
            expectedHex[(2 * i) + 1] = (byte)"0123456789abcdef"[expected[i] & 0xF];
        }

        for (var i = 0; i < provided.Length; i++)
        {
            provided[i] = (byte)providedHex[i];
        }

        return CryptographicOperations.FixedTimeEquals(expectedHex, provided);
    }

    private DateTimeOffset CheckDate(SigV4Parameters parameters, bool fromAmzDateHeader)
    {
        var parsed = parameters.Presigned || fromAmzDateHeader
            ? AmzDate.TryParseBasic(parameters.Date, out var date)
            : AmzDate.TryParseHttpDate(parameters.Date, out date);
        if (!parsed)
        {
            throw SigV4Errors.BadDate(parameters.Date.ToString());
        }

        var now = _clock.GetUtcNow();
        now = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        if (date < now - AllowedClockSkew)
        {
            throw SigV4Errors.Expired(date, now, AllowedClockSkew);
        }

        if (date > now + AllowedClockSkew)
        {
            throw SigV4Errors.NotYetCurrent(date, now, AllowedClockSkew);
        }

        return date;
    }

    private static bool ContainsHost(ReadOnlySpan<char> signedHeaders)
    {
        foreach (var range in signedHeaders.Split(';'))
        {
            if (signedHeaders[range].Equals("host", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The credential scope checks, reported together as DynamoDB does. Without a credential store
    /// only the region is checked (it namespaces the tables).
    /// </summary>
    private void CheckScope(
        ReadOnlySpan<char> scopeDate,
        ReadOnlySpan<char> region,
        ReadOnlySpan<char> service,
        ReadOnlySpan<char> terminator,
        DateTimeOffset requestDate)
    {
        var regionValid = IsValidRegion(region);
        if (_credentials is null)
        {
            if (!regionValid)
            {
                throw SigV4Errors.Invalid(SigV4Errors.BadRegion(region));
            }

            return;
        }

        var serviceValid = service.SequenceEqual(_service);
        var terminatorValid = terminator.SequenceEqual(SigV4Signing.Terminator);
        Span<char> amzDate = stackalloc char[AmzDate.Length];
        AmzDate.Format(requestDate, amzDate);
        var dateValid = scopeDate.SequenceEqual(amzDate[..8]);
        if (regionValid && serviceValid && terminatorValid && dateValid)
        {
            return;
        }

        var message = new StringBuilder();
        if (!regionValid)
        {
            message.Append(SigV4Errors.BadRegion(region));
        }

        if (!serviceValid)
        {
            message.Append(SigV4Errors.BadService(_service));
        }

        if (!terminatorValid)
        {
            message.Append(SigV4Errors.BadTerminator(terminator));
        }

        if (!dateValid)
        {
            message.Append(SigV4Errors.DateMismatch(scopeDate, requestDate));
        }

        throw SigV4Errors.Invalid(message.ToString());
    }

    /// <summary>Regions are 1-64 ASCII letters, digits, '-' or '_' (any name, so local setups work).</summary>
    private static bool IsValidRegion(ReadOnlySpan<char> region)
    {
        if (region.IsEmpty || region.Length > MaxRegionLength)
        {
            return false;
        }

        foreach (var c in region)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The caller, reusing the previous instance when the same key and region sign again.</summary>
    private CallerIdentity Identity(ReadOnlySpan<char> accessKey, ReadOnlySpan<char> region)
    {
        var last = Volatile.Read(ref _lastIdentity);
        if (last is not null && last.AccessKeyId.AsSpan().SequenceEqual(accessKey) && last.Region.AsSpan().SequenceEqual(region))
        {
            return last;
        }

        var identity = new CallerIdentity(accessKey.ToString(), region.ToString());
        Volatile.Write(ref _lastIdentity, identity);
        return identity;
    }
}
