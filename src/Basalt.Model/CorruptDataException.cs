namespace Basalt.Model;

/// <summary>
/// Stored bytes that cannot be decoded: torn, corrupted, or written in a format version this build
/// does not know. Never a client error; storage and replication treat it as a replica fault.
/// </summary>
public sealed class CorruptDataException : Exception
{
    public CorruptDataException()
        : base("Corrupt data")
    {
    }

    public CorruptDataException(string message)
        : base(message)
    {
    }

    public CorruptDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
