namespace Basalt.Cli.Bench;

/// <summary>
/// Failed requests by error code, owned by one worker. Codes are looked up by their bytes through an
/// alternate-key lookup, so counting a code already seen allocates nothing.
/// </summary>
internal sealed class ErrorTally
{
    /// <summary>The codes DynamoDB uses to say "slow down".</summary>
    public static readonly IReadOnlySet<string> ThrottleCodes = new HashSet<string>(StringComparer.Ordinal)
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "RequestLimitExceeded",
        "RequestThrottled",
    };

    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, long> Counts => _counts;

    public void Add(string code, long count = 1)
    {
        _counts[code] = _counts.GetValueOrDefault(code) + count;
    }

    /// <summary>Counts an HTTP error response: its DynamoDB code, or "HTTP {status}" when it has none.</summary>
    public void AddResponse(int status, ReadOnlySpan<byte> body)
    {
        var code = HttpResponseParser.ErrorCode(body);
        if (code.IsEmpty || code.Length > 128)
        {
            Add(status switch
            {
                500 => "HTTP 500",
                503 => "HTTP 503",
                _ => "HTTP " + status.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
            return;
        }

        Span<char> chars = stackalloc char[code.Length];
        for (var i = 0; i < code.Length; i++)
        {
            chars[i] = (char)code[i];
        }

        var lookup = _counts.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(chars, out var count))
        {
            lookup[chars] = count + 1;
        }
        else
        {
            _counts[new string(chars)] = 1;
        }
    }

    public void AddAll(ErrorTally other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (code, count) in other._counts)
        {
            Add(code, count);
        }
    }
}
