using System.Globalization;
using Basalt.Model;

namespace Basalt.Api.Auth;

/// <summary>The authentication errors DynamoDB returns, with its exact codes and messages (HTTP 400).</summary>
internal static class SigV4Errors
{
    public const string MissingAuthenticationToken = "MissingAuthenticationTokenException";
    public const string IncompleteSignature = "IncompleteSignatureException";
    public const string InvalidSignature = "InvalidSignatureException";
    public const string UnrecognizedClient = "UnrecognizedClientException";

    public static DynamoDbException MissingToken() =>
        new(MissingAuthenticationToken, "Request is missing Authentication Token");

    public static DynamoDbException Incomplete(string message) => new(IncompleteSignature, message);

    public static DynamoDbException Invalid(string message) => new(InvalidSignature, message);

    public static DynamoDbException UnknownAccessKey() =>
        new(UnrecognizedClient, "The security token included in the request is invalid.");

    public static DynamoDbException SignatureMismatch() => new(
        InvalidSignature,
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
        + "Access Key and signing method. Consult the service documentation for details.");

    public static DynamoDbException BothHeaderAndQuery() => new(
        InvalidSignature,
        "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");

    public static DynamoDbException MissingEqualSign(ReadOnlySpan<char> pair, string header) => new(
        IncompleteSignature,
        "'" + pair.ToString() + "' not a valid key=value pair (missing equal-sign) in Authorization header: '" + header + "'.");

    public static DynamoDbException BadDate(string value) => new(
        IncompleteSignature,
        "Date must be in ISO-8601 'basic format'. Got '" + value + "'. See http://en.wikipedia.org/wiki/ISO_8601");

    public static DynamoDbException HostNotSigned() =>
        new(InvalidSignature, "'Host' must be a 'SignedHeader' in the AWS Authorization.");

    public static DynamoDbException UnsupportedAlgorithm(ReadOnlySpan<char> algorithm) => new(
        IncompleteSignature,
        string.Concat("Unsupported AWS 'algorithm': '", algorithm, "' (only AWS4-HMAC-SHA256 for now). "));

    public static DynamoDbException CredentialElements(ReadOnlySpan<char> credential) => new(
        IncompleteSignature,
        string.Concat(
            "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '",
            credential,
            "'"));

    public static DynamoDbException Expired(DateTimeOffset signed, DateTimeOffset now, TimeSpan skew) => new(
        InvalidSignature,
        string.Format(
            CultureInfo.InvariantCulture,
            "Signature expired: {0} is now earlier than {1} ({2} - {3} min.)",
            AmzDate.Format(signed),
            AmzDate.Format(now - skew),
            AmzDate.Format(now),
            (int)skew.TotalMinutes));

    public static DynamoDbException NotYetCurrent(DateTimeOffset signed, DateTimeOffset now, TimeSpan skew) => new(
        InvalidSignature,
        string.Format(
            CultureInfo.InvariantCulture,
            "Signature not yet current: {0} is still later than {1} ({2} + {3} min.)",
            AmzDate.Format(signed),
            AmzDate.Format(now + skew),
            AmzDate.Format(now),
            (int)skew.TotalMinutes));

    public static string BadRegion(ReadOnlySpan<char> region) =>
        string.Concat("Credential should be scoped to a valid region, not '", region, "'. ");

    public static string BadService(string service) =>
        "Credential should be scoped to correct service: '" + service + "'. ";

    public static string BadTerminator(ReadOnlySpan<char> terminator) =>
        string.Concat("Credential should be scoped with a valid terminator: 'aws4_request', not '", terminator, "'. ");

    public static string DateMismatch(ReadOnlySpan<char> scopeDate, DateTimeOffset requestDate)
    {
        var requestBasic = AmzDate.Format(requestDate);
        return "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
            + scopeDate.ToString() + "' != '" + requestBasic[..8] + "', from '" + requestBasic + "'.";
    }
}
