namespace Basalt.Api.Auth;

/// <summary>
/// What SigV4 verification needs from an HTTP request. <see cref="Path"/> and
/// <see cref="QueryString"/> are as received on the wire (still percent-encoded; the query with or
/// without its leading '?'). <see cref="Headers"/> holds every header, one entry per value, names in
/// any case; a header sent several times may appear several times (values are joined with ',').
/// </summary>
public sealed record SignedRequest(
    string Method,
    string Path,
    string QueryString,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body);

/// <summary>
/// Who sent an authenticated request: the access key id and the region of its credential scope
/// (tables are namespaced by region, as in DynamoDB).
/// </summary>
public sealed record CallerIdentity(string AccessKeyId, string Region);
