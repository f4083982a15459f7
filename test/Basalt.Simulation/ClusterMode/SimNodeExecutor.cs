using Basalt.Protocol.Items.V1;
using Basalt.Router.Forwarding;
using Basalt.Simulation.Partitions;

namespace Basalt.Simulation.ClusterMode;

/// <summary>
/// A router's <see cref="INodeExecutor"/> in cluster mode: the request crosses the simulated network
/// to the node, runs there (<see cref="NodeItems"/>), and the reply crosses back. A request that is
/// lost or finds the node down was not delivered (<see cref="NodeUnreachableException"/>: nothing
/// happened, the forwarder tries elsewhere). A reply that is lost, or a node that lost power while
/// handling the request, leaves the outcome unknown: answered as a 500 (not retried), unless
/// <see cref="ClusterBugs.AmbiguousRetry"/> passes it off as not delivered.
/// The forwarder awaits the call with <c>ConfigureAwait(false)</c>: the call runs as simulator code
/// (its awaits are queue events) and its result is handed over with no context, so the forwarder
/// continues on the simulator's thread.
/// </summary>
internal sealed class SimNodeExecutor(PartitionSimulation sim, ulong router, NodeItems items, long callTimeout, ClusterBugs bugs) : INodeExecutor
{
    public Task<ExecuteReply> ExecuteAsync(ulong nodeId, string address, ExecuteRequest request, CancellationToken cancellationToken)
    {
        sim.CheckOnSimulatorThread();
        var done = new TaskCompletionSource<ExecuteReply>();
        sim.Observe(sim.OnSimulatorContext(() => RunAsync(nodeId, request, done)));
        return done.Task;
    }

    private async Task RunAsync(ulong nodeId, ExecuteRequest request, TaskCompletionSource<ExecuteReply> done)
    {
        ExecuteReply reply;
        try
        {
            reply = await CallAsync(nodeId, request);
        }
        catch (NodeUnreachableException e)
        {
            sim.Inline(() => done.SetException(e));
            return;
        }

        sim.Inline(() => done.SetResult(reply));
    }

    private async Task<ExecuteReply> CallAsync(ulong nodeId, ExecuteRequest request)
    {
        if (!await sim.HopAsync(router, nodeId, callTimeout) || sim.Host(nodeId) is not { Up: true } host)
        {
            sim.Count("calls undelivered");
            throw new NodeUnreachableException($"node {nodeId} did not receive the request");
        }

        var incarnation = host.Incarnation;
        var reply = await items.HandleAsync(host, request);
        if (host.Incarnation != incarnation || !await sim.HopAsync(nodeId, router, callTimeout))
        {
            sim.Count("replies lost");
            if (bugs.HasFlag(ClusterBugs.AmbiguousRetry))
            {
                throw new NodeUnreachableException($"no reply from node {nodeId}");
            }

            return SimRequests.Reply(request.Operation == "GetItem" ? SimRequests.Unavailable : SimRequests.Ambiguous);
        }

        return reply;
    }
}
