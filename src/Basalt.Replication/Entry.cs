namespace Basalt.Replication;

/// <summary>The kind of a log entry.</summary>
public enum EntryType : byte
{
    /// <summary>A command for the host's state machine (an empty one is a leader's no-op).</summary>
    Normal = 0,

    /// <summary>A new <see cref="Membership"/>, encoded; it takes effect as soon as it is in the log.</summary>
    Config = 1,
}

/// <summary>One entry of the replicated log.</summary>
public readonly record struct Entry(ulong Index, ulong Term, EntryType Type, ReadOnlyMemory<byte> Data)
{
    /// <summary>Approximate bytes this entry costs in a message (payload plus fixed header).</summary>
    public int Size => Data.Length + 24;
}
