namespace Basalt.Model;

/// <summary>DynamoDB's capacity-unit arithmetic.</summary>
public static class Capacity
{
    /// <summary>Bytes covered by one read unit.</summary>
    public const int ReadUnitBytes = 4096;

    /// <summary>Bytes covered by one write unit.</summary>
    public const int WriteUnitBytes = 1024;

    /// <summary>
    /// Read units for reading <paramref name="bytes"/>: 4 KB units rounded up, at least 1; half for
    /// eventually consistent reads; double for transactional reads (always strongly consistent).
    /// </summary>
    public static double ReadUnits(long bytes, bool stronglyConsistent, bool transactional = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        long units = Math.Max(1, (bytes + ReadUnitBytes - 1) / ReadUnitBytes);
        if (transactional)
        {
            return units * 2.0;
        }

        return stronglyConsistent ? units : units * 0.5;
    }

    /// <summary>Write units for writing <paramref name="bytes"/>: 1 KB units rounded up, at least 1; double when transactional.</summary>
    public static double WriteUnits(long bytes, bool transactional = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        long units = Math.Max(1, (bytes + WriteUnitBytes - 1) / WriteUnitBytes);
        return transactional ? units * 2.0 : units;
    }
}
