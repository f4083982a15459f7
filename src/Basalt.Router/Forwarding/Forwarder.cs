using Basalt.Metadata.Model;
using Basalt.Protocol.Items.V1;
using Basalt.Router.Routing;

namespace Basalt.Router.Forwarding;

/// <summary>
/// Delivers requests to storage nodes and follows their answers: to the leader of the partition
/// owning a key hash (found through the <see cref="RouteCache"/>: one MemDS lookup per request), or
/// to any node. A route correction updates the cache and the request goes to the leader it names
/// at once; with no leader known (an election) it waits a short, growing backoff; a node that
/// cannot be reached is marked suspect and another full replica is tried; a call that broke after
/// the request may have reached the node is tried again only for read-only operations (a write
/// answers 500: its outcome is unknown). Every path is bounded by
/// <see cref="RetryBudget"/>, then <see cref="ForwardingException"/>: a request never hangs.
/// </summary>
public sealed class Forwarder(RouteCache routes, NodeDirectory nodes, INodeExecutor executor, TimeProvider time)
{
    public ForwardingCounters Counters { get; } = new();

    public TimeProvider Time => time;

    public RouteCache Routes => routes;

    public NodeDirectory Nodes => nodes;

    /// <summary>The longest a request keeps retrying (corrections, elections, dead nodes).</summary>
    public TimeSpan RetryBudget { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The first wait when no leader is known; it doubles up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromMilliseconds(20);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMilliseconds(1000);

    /// <summary>
    /// Sends <paramref name="request"/> to the leader of the partition of table <paramref name="tableId"/>
    /// owning <paramref name="keyHash"/>; its reply (never a correction). Null when MemDS knows no such table.
    /// </summary>
    public async Task<ExecuteReply?> ToKeyAsync(ulong tableId, ulong keyHash, ExecuteRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var retry = new RetryState(this);
        ulong preferred = 0;
        var first = true;
        while (true)
        {
            var partition = first
                ? await routes.ResolveAsync(tableId, keyHash, cancellationToken).ConfigureAwait(false)
                : routes.TryGetCached(tableId, keyHash) ?? await routes.ResolveAsync(tableId, keyHash, cancellationToken).ConfigureAwait(false);
            first = false;
            if (partition is null)
            {
                return null;
            }

            var target = Choose(partition, preferred, retry);
            preferred = 0;
            if (target == 0)
            {
                await retry.BackoffAsync("no reachable replica", cancellationToken).ConfigureAwait(false);
                continue;
            }

            var reply = await TryCallAsync(target, request, retry, cancellationToken).ConfigureAwait(false);
            if (reply is null)
            {
                continue;
            }

            if (reply.Correction is not { } correction)
            {
                return reply;
            }

            preferred = await FollowAsync(tableId, correction, retry, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends <paramref name="request"/> to any node (round robin, healthy ones first); its reply (never a correction).</summary>
    public async Task<ExecuteReply> ToAnyNodeAsync(ExecuteRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var retry = new RetryState(this);
        ulong preferred = 0;
        while (true)
        {
            var target = preferred;
            preferred = 0;
            if (target == 0)
            {
                target = nodes.AnyOrder().FirstOrDefault(id => !retry.Failed(id));
            }

            if (target == 0)
            {
                retry.ForgetFailures();
                await retry.BackoffAsync("no storage node reachable", cancellationToken).ConfigureAwait(false);
                continue;
            }

            var reply = await TryCallAsync(target, request, retry, cancellationToken).ConfigureAwait(false);
            if (reply is null)
            {
                continue;
            }

            if (reply.Correction is not { } correction)
            {
                return reply;
            }

            preferred = await FollowAsync(PartitionInfo.TableOf(correction.Group), correction, retry, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The node to try: the one a correction named, else the leader hint, else another full replica not failed in this request.</summary>
    private ulong Choose(PartitionInfo partition, ulong preferred, RetryState retry)
    {
        if (preferred != 0 && nodes.AddressOf(preferred) is not null)
        {
            return preferred;
        }

        var hint = partition.LeaderHint;
        if (hint != 0 && !retry.Failed(hint) && !nodes.IsSuspect(hint) && nodes.AddressOf(hint) is not null)
        {
            return hint;
        }

        ulong fallback = 0;
        foreach (var replica in partition.Replicas)
        {
            if (replica.Kind != ReplicaKind.Full || retry.Failed(replica.NodeId) || nodes.AddressOf(replica.NodeId) is null)
            {
                continue;
            }

            if (!nodes.IsSuspect(replica.NodeId))
            {
                return replica.NodeId;
            }

            fallback = fallback == 0 ? replica.NodeId : fallback;
        }

        if (fallback == 0 && retry.HasFailures)
        {
            // Every replica failed once in this request: start over after a backoff (they may be electing).
            retry.ForgetFailures();
        }

        return fallback;
    }

    /// <summary>One call; null (after marking the node suspect) when it could not be delivered.</summary>
    private async Task<ExecuteReply?> TryCallAsync(ulong node, ExecuteRequest request, RetryState retry, CancellationToken cancellationToken)
    {
        var address = nodes.AddressOf(node);
        if (address is null)
        {
            retry.MarkFailed(node);
            return null;
        }

        Counters.Call();
        if (retry.Attempts++ > 0)
        {
            Counters.Retried();
        }

        try
        {
            var reply = await executor.ExecuteAsync(node, address, request, cancellationToken).ConfigureAwait(false);
            nodes.MarkAlive(node);
            return reply;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Counters.NodeFailed();
            nodes.MarkSuspect(node);
            retry.MarkFailed(node);
            if (e is not NodeUnreachableException && !IsReadOnly(request.Operation))
            {
                // The node may have run it before the call broke: running a write again elsewhere
                // could apply it twice or fail its condition on its own effect. Its outcome is unknown (500).
                Counters.GaveUp();
                throw new ForwardingException("storage node " + node + " failed during the call: " + e.Message, e);
            }

            retry.CheckBudget("storage node " + node + " failed: " + e.Message, e);
            return null;
        }
    }

    /// <summary>Operations that change nothing, so running one again after a call that broke is harmless.</summary>
    public static bool IsReadOnly(string operation) => operation is
        "GetItem" or "BatchGetItem" or "Query" or "Scan" or "TransactGetItems" or
        "DescribeTable" or "ListTables" or "DescribeTimeToLive" or "ListTagsOfResource" or "DescribeLimits" or "DescribeEndpoints" or
        "DescribeContinuousBackups" or "DescribeStream" or "ListStreams" or "GetShardIterator" or "GetRecords";

    /// <summary>Applies a correction; the node to go to next (0: none known, after a backoff).</summary>
    private async Task<ulong> FollowAsync(ulong tableId, Protocol.Items.V1.RouteCorrection correction, RetryState retry, CancellationToken cancellationToken)
    {
        Counters.Corrected();
        routes.Correct(new Routing.RouteCorrection(tableId, correction.Group, correction.LeaderNode, null));
        nodes.Learn(correction.LeaderNode, correction.LeaderAddress);
        if (correction.LeaderNode != 0 && retry.FirstTimeAt(correction.LeaderNode))
        {
            return correction.LeaderNode;
        }

        await retry.BackoffAsync("no leader for partition group " + correction.Group, cancellationToken).ConfigureAwait(false);
        return correction.LeaderNode;
    }

    /// <summary>One request's retries: its deadline, its backoff, the nodes that failed or were named so far.</summary>
    private sealed class RetryState(Forwarder forwarder)
    {
        private readonly DateTimeOffset _deadline = forwarder.Time.GetUtcNow() + forwarder.RetryBudget;
        private readonly HashSet<ulong> _failed = [];
        private readonly HashSet<ulong> _named = [];
        private TimeSpan _backoff = forwarder.FirstBackoff;

        public int Attempts { get; set; }

        public bool HasFailures => _failed.Count != 0;

        public bool Failed(ulong node) => _failed.Contains(node);

        public void MarkFailed(ulong node) => _failed.Add(node);

        public void ForgetFailures() => _failed.Clear();

        /// <summary>Whether this request has not been sent to <paramref name="node"/> on a correction's word before.</summary>
        public bool FirstTimeAt(ulong node) => _named.Add(node);

        public void CheckBudget(string why, Exception? inner = null)
        {
            if (forwarder.Time.GetUtcNow() >= _deadline)
            {
                forwarder.Counters.GaveUp();
                throw new ForwardingException("Gave up after " + forwarder.RetryBudget.TotalSeconds + " s: " + why, inner);
            }
        }

        public async Task BackoffAsync(string why, CancellationToken cancellationToken)
        {
            CheckBudget(why);
            var left = _deadline - forwarder.Time.GetUtcNow();
            var wait = _backoff < left ? _backoff : left;
            _backoff = _backoff * 2 < forwarder.MaxBackoff ? _backoff * 2 : forwarder.MaxBackoff;
            _named.Clear();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, forwarder.Time, cancellationToken).ConfigureAwait(false);
            }

            CheckBudget(why);
        }
    }
}
