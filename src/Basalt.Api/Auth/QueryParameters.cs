namespace Basalt.Api.Auth;

/// <summary>A raw query string (<c>a=1&amp;b=%2F</c>, with or without '?') read as name/value pairs.</summary>
internal readonly struct QueryParameters
{
    private readonly string _query;

    public QueryParameters(string query)
    {
        _query = query ?? string.Empty;
    }

    public bool IsEmpty => RawPairs.Length == 0;

    /// <summary>The query without its leading '?'.</summary>
    public ReadOnlySpan<char> RawPairs => _query.AsSpan().TrimStart('?');

    /// <summary>True when a parameter of exactly this (undecoded) name is present, with or without a value.</summary>
    public bool Contains(string name)
    {
        foreach (var range in RawPairs.Split('&'))
        {
            var pair = RawPairs[range];
            var equals = pair.IndexOf('=');
            if ((equals < 0 ? pair : pair[..equals]).SequenceEqual(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The percent-decoded value of the first parameter of this name ("" when it has no '='), or null.</summary>
    public string? Get(string name)
    {
        foreach (var range in RawPairs.Split('&'))
        {
            var pair = RawPairs[range];
            var equals = pair.IndexOf('=');
            if ((equals < 0 ? pair : pair[..equals]).SequenceEqual(name))
            {
                return equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..].ToString());
            }
        }

        return null;
    }
}
