namespace Basalt.Control.Client;

/// <summary>No meta member took the call within the retry budget (no leader, members unreachable).</summary>
public sealed class MetaUnavailableException : Exception
{
    public MetaUnavailableException()
        : base("The meta service is unavailable.")
    {
    }

    public MetaUnavailableException(string message)
        : base(message)
    {
    }

    public MetaUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
