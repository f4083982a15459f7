using System.Security.Cryptography;
using Basalt.Api.Auth;

namespace Basalt.Api.Tests.Auth;

/// <summary>
/// Signs requests for tests with Basalt's own canonicalisation (proved against AWS's test suite and
/// the AWS SDK elsewhere), for cases the SDK cannot produce: Date headers, presigned queries.
/// </summary>
internal static class TestSigner
{
    public static SignedRequest Sign(
        SignedRequest request,
        string accessKey,
        string secret,
        string region,
        DateTimeOffset at,
        string service = "dynamodb",
        bool useHttpDateHeader = false)
    {
        var headers = request.Headers.ToList();
        var amzDate = AmzDate.Format(at);
        headers.Add(useHttpDateHeader ? new("Date", at.ToString("r", System.Globalization.CultureInfo.InvariantCulture)) : new("X-Amz-Date", amzDate));
        var signedHeaders = string.Join(';', headers.Select(h => h.Key.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal));
        var unsigned = request with { Headers = headers };
        var scope = $"{amzDate[..8]}/{region}/{service}/aws4_request";
        var signature = Signature(unsigned, signedHeaders, secret, amzDate, region, service, presigned: false);
        headers.Add(new("Authorization", $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}"));
        return unsigned with { Headers = headers };
    }

    /// <summary>Signs with X-Amz-* query parameters (a presigned request) instead of an Authorization header.</summary>
    public static SignedRequest Presign(SignedRequest request, string accessKey, string secret, string region, DateTimeOffset at)
    {
        var amzDate = AmzDate.Format(at);
        var scope = $"{amzDate[..8]}/{region}/dynamodb/aws4_request";
        var signedHeaders = string.Join(';', request.Headers.Select(h => h.Key.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal));
        var query = $"X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={Uri.EscapeDataString(accessKey + "/" + scope)}"
            + $"&X-Amz-Date={amzDate}&X-Amz-SignedHeaders={Uri.EscapeDataString(signedHeaders)}";
        var unsigned = request with { QueryString = "?" + query };
        var signature = Signature(unsigned, signedHeaders, secret, amzDate, region, "dynamodb", presigned: true);
        return unsigned with { QueryString = unsigned.QueryString + "&X-Amz-Signature=" + signature };
    }

    private static string Signature(
        SignedRequest request, string signedHeaders, string secret, string amzDate, string region, string service, bool presigned)
    {
        var canonical = new Utf8Writer(512);
        var stringToSign = new Utf8Writer(256);
        try
        {
            CanonicalRequest.Write(ref canonical, request, signedHeaders, presigned);
            SigV4Signing.WriteStringToSign(ref stringToSign, amzDate, $"{amzDate[..8]}/{region}/{service}/aws4_request", canonical.Written);
            Span<byte> signature = stackalloc byte[HMACSHA256.HashSizeInBytes];
            SigV4Signing.ComputeSignature(secret, amzDate.AsSpan(0, 8), region, service, stringToSign.Written, signature);
            return Convert.ToHexStringLower(signature);
        }
        finally
        {
            canonical.Dispose();
            stringToSign.Dispose();
        }
    }
}
