using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Basalt.Api.Tests.Conformance;

/// <summary>Builds raw DynamoDB JSON 1.0 requests, SigV4-signed like an SDK would sign them, for protocol-level tests.</summary>
internal static class RawRequest
{
    public const string AccessKey = "AKIDEXAMPLE";
    public const string Secret = "secret";

    public static HttpRequestMessage Create(Uri server, string? target, string body, bool sign = true, string region = "us-east-1")
    {
        ArgumentNullException.ThrowIfNull(server);
        var request = new HttpRequestMessage(HttpMethod.Post, server)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.0");
        var amzDate = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        request.Headers.Add("X-Amz-Date", amzDate);
        if (target is not null)
        {
            request.Headers.Add("X-Amz-Target", target);
        }

        if (sign)
        {
            Sign(request, server, target, body, amzDate, region);
        }

        return request;
    }

    private static void Sign(HttpRequestMessage request, Uri server, string? target, string body, string amzDate, string region)
    {
        var date = amzDate[..8];
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["content-type"] = "application/x-amz-json-1.0",
            ["host"] = server.Authority,
            ["x-amz-date"] = amzDate,
        };
        if (target is not null)
        {
            headers["x-amz-target"] = target;
        }

        var signedHeaders = string.Join(';', headers.Keys);
        var canonicalHeaders = string.Concat(headers.Select(h => $"{h.Key}:{h.Value}\n"));
        var canonicalRequest = $"POST\n/\n\n{canonicalHeaders}\n{signedHeaders}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(body)))}";
        var scope = $"{date}/{region}/dynamodb/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + Secret), date);
        key = Hmac(key, region);
        key = Hmac(key, "dynamodb");
        key = Hmac(key, "aws4_request");
        var signature = Hex(Hmac(key, stringToSign));

        request.Headers.TryAddWithoutValidation(
            "Authorization",
            $"AWS4-HMAC-SHA256 Credential={AccessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
