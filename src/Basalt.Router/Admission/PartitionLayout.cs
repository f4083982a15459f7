namespace Basalt.Router.Admission;

/// <summary>
/// How many partitions a table's throughput needs, and which partition a key hash falls in when
/// the hash space is split evenly. DynamoDB sizes a table at ceil(RCU / 3,000 + WCU / 1,000)
/// partitions and never merges them. Until the partition map exists (issue 5) this is the layout
/// admission control charges against.
/// </summary>
public static class PartitionLayout
{
    /// <summary>Partitions needed to serve <paramref name="readUnits"/> and <paramref name="writeUnits"/> per second.</summary>
    public static int CountFor(double readUnits, double writeUnits, AdmissionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var needed = Math.Ceiling((readUnits / options.PartitionMaxReadUnits) + (writeUnits / options.PartitionMaxWriteUnits));
        return (int)Math.Clamp(needed, 1, 1 << 16);
    }

    /// <summary>The partition of <paramref name="keyHash"/> among <paramref name="count"/> equal ranges of the hash space.</summary>
    public static int IndexOf(ulong keyHash, int count) => (int)(((UInt128)keyHash * (uint)count) >> 64);
}
