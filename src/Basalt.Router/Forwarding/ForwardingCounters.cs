namespace Basalt.Router.Forwarding;

/// <summary>What a <see cref="Forwarder"/> has done: calls to nodes, route corrections, retries, failed calls, requests given up.</summary>
public sealed class ForwardingCounters
{
    private long _calls;
    private long _corrections;
    private long _retries;
    private long _nodeFailures;
    private long _exhausted;

    /// <summary>Calls sent to storage nodes.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Route corrections received from nodes.</summary>
    public long Corrections => Interlocked.Read(ref _corrections);

    /// <summary>Calls sent again after a correction, a failed call or no leader.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Calls that failed at the transport (node unreachable or dead).</summary>
    public long NodeFailures => Interlocked.Read(ref _nodeFailures);

    /// <summary>Requests given up after the retry budget.</summary>
    public long Exhausted => Interlocked.Read(ref _exhausted);

    internal void Call() => Interlocked.Increment(ref _calls);

    internal void Corrected() => Interlocked.Increment(ref _corrections);

    internal void Retried() => Interlocked.Increment(ref _retries);

    internal void NodeFailed() => Interlocked.Increment(ref _nodeFailures);

    internal void GaveUp() => Interlocked.Increment(ref _exhausted);
}
