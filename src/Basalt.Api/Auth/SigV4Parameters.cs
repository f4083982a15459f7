using System.Text;

namespace Basalt.Api.Auth;

/// <summary>
/// The signing parameters of a request, from its <c>Authorization</c> header or (presigned) from its
/// query string, as slices of the text they came from.
/// </summary>
internal ref struct SigV4Parameters
{
    public ReadOnlySpan<char> Algorithm;
    public ReadOnlySpan<char> Credential;
    public ReadOnlySpan<char> SignedHeaders;
    public ReadOnlySpan<char> Signature;
    public ReadOnlySpan<char> Date;
    public bool HasSignedHeaders;
    public bool HasDate;

    /// <summary>True when the request is presigned (the parameters came from the query string).</summary>
    public bool Presigned;

    /// <summary>
    /// Parses <c>AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...</c>: the algorithm,
    /// then key=value pairs separated by commas and/or whitespace. Throws IncompleteSignatureException
    /// the way DynamoDB does: a pair without '=' first, then every missing parameter at once.
    /// </summary>
    public static SigV4Parameters FromHeader(string header, string? date)
    {
        var parameters = default(SigV4Parameters);
        var rest = header.AsSpan().Trim();
        var space = rest.IndexOfAny(' ', '\t');
        parameters.Algorithm = space < 0 ? rest : rest[..space];
        rest = space < 0 ? [] : rest[(space + 1)..];
        var hasCredential = false;
        var hasSignature = false;
        while (true)
        {
            var start = rest.IndexOfAnyExcept(' ', '\t', ',');
            if (start < 0)
            {
                break;
            }

            rest = rest[start..];
            var end = rest.IndexOfAny(' ', '\t', ',');
            var pair = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[end..];
            var equals = pair.IndexOf('=');
            if (equals < 0)
            {
                throw SigV4Errors.MissingEqualSign(pair, header);
            }

            var key = pair[..equals];
            var value = pair[(equals + 1)..];
            if (key.SequenceEqual("Credential"))
            {
                parameters.Credential = value;
                hasCredential = value.Length > 0;
            }
            else if (key.SequenceEqual("Signature"))
            {
                parameters.Signature = value;
                hasSignature = value.Length > 0;
            }
            else if (key.SequenceEqual("SignedHeaders"))
            {
                parameters.SignedHeaders = value;
                parameters.HasSignedHeaders = true;
            }
        }

        parameters.Date = date;
        parameters.HasDate = !string.IsNullOrEmpty(date);
        if (!hasCredential || !hasSignature || !parameters.HasSignedHeaders || !parameters.HasDate)
        {
            var message = new StringBuilder();
            if (!hasCredential)
            {
                message.Append("Authorization header requires 'Credential' parameter. ");
            }

            if (!hasSignature)
            {
                message.Append("Authorization header requires 'Signature' parameter. ");
            }

            if (!parameters.HasSignedHeaders)
            {
                message.Append("Authorization header requires 'SignedHeaders' parameter. ");
            }

            if (!parameters.HasDate)
            {
                message.Append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
            }

            message.Append("Authorization=").Append(header);
            throw SigV4Errors.Incomplete(message.ToString());
        }

        return parameters;
    }

    /// <summary>Reads the X-Amz-* parameters of a presigned request (values percent-decoded).</summary>
    public static SigV4Parameters FromQuery(QueryParameters query)
    {
        var parameters = default(SigV4Parameters);
        parameters.Presigned = true;
        var algorithm = query.Get("X-Amz-Algorithm");
        var credential = query.Get("X-Amz-Credential");
        var signature = query.Get("X-Amz-Signature");
        var signedHeaders = query.Get("X-Amz-SignedHeaders");
        var date = query.Get("X-Amz-Date");
        if (string.IsNullOrEmpty(algorithm) || string.IsNullOrEmpty(credential) || string.IsNullOrEmpty(signature)
            || signedHeaders is null || string.IsNullOrEmpty(date))
        {
            var message = new StringBuilder();
            Require(message, algorithm, "X-Amz-Algorithm");
            Require(message, credential, "X-Amz-Credential");
            Require(message, signature, "X-Amz-Signature");
            if (signedHeaders is null)
            {
                Require(message, null, "X-Amz-SignedHeaders");
            }

            Require(message, date, "X-Amz-Date");
            message.Append("Re-examine the query-string parameters.");
            throw SigV4Errors.Incomplete(message.ToString());
        }

        parameters.Algorithm = algorithm;
        parameters.Credential = credential;
        parameters.Signature = signature;
        parameters.SignedHeaders = signedHeaders;
        parameters.HasSignedHeaders = true;
        parameters.Date = date;
        parameters.HasDate = true;
        return parameters;
    }

    private static void Require(StringBuilder message, string? value, string name)
    {
        if (string.IsNullOrEmpty(value))
        {
            message.Append("AWS query-string parameters must include '").Append(name).Append("'. ");
        }
    }
}
