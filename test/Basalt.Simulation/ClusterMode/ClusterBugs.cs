namespace Basalt.Simulation.ClusterMode;

/// <summary>Deliberate defects of cluster mode, to show its checks fire (<c>--inject</c>).</summary>
[Flags]
internal enum ClusterBugs
{
    None = 0,

    /// <summary>A storage node serves a strong read from its engine whether or not it leads the group (no ReadIndex).</summary>
    ReadWithoutLeading = 1 << 0,

    /// <summary>
    /// A reply lost on its way back is a failed call (as gRPC's DeadlineExceeded is for <c>GrpcNodeExecutor</c>),
    /// so the forwarder retries a write that may have happened at another replica.
    /// </summary>
    AmbiguousRetry = 1 << 1,

    /// <summary>A router asks MemDS only on a cache miss (load then follows the miss rate, not the request rate).</summary>
    NoLookupOnHit = 1 << 2,
}
