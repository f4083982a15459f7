namespace Basalt.Router.Admission;

/// <summary>
/// The storage node's own buckets: every unit consumed on the node debits them, and a partition may
/// burst beyond its table's rate only while they hold tokens, so bursts never overload the node
/// while provisioned traffic is always served.
/// </summary>
public sealed class NodeCapacity
{
    public NodeCapacity(AdmissionOptions options, double now)
    {
        ArgumentNullException.ThrowIfNull(options);
        Read = new TokenBucket(options.NodeReadUnits, options.NodeReadUnits * options.NodeBucketSeconds, options.NodeReadUnits * options.NodeBucketSeconds, now);
        Write = new TokenBucket(options.NodeWriteUnits, options.NodeWriteUnits * options.NodeBucketSeconds, options.NodeWriteUnits * options.NodeBucketSeconds, now);
    }

    public TokenBucket Read { get; }

    public TokenBucket Write { get; }

    public TokenBucket Lane(CapacityKind kind) => kind == CapacityKind.Read ? Read : Write;
}
