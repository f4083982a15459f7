namespace Basalt.Simulation;

/// <summary>FNV-1a over the numbers that describe every simulated event: equal runs give equal hashes.</summary>
public sealed class TraceHash
{
    private ulong hash = 14695981039346656037UL;

    public ulong Value => hash;

    public void Add(ulong value)
    {
        for (var i = 0; i < 8; i++)
        {
            hash ^= (byte)(value >> (i * 8));
            hash *= 1099511628211UL;
        }
    }

    public void Add(long value) => Add(unchecked((ulong)value));

    public void Add(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }

        Add((ulong)bytes.Length);
    }
}
