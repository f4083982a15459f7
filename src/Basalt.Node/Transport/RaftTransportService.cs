using Basalt.Protocol.Node.V1;
using Grpc.Core;
using Microsoft.Extensions.Hosting;

namespace Basalt.Node.Transport;

/// <summary>The gRPC service a node serves its peers: each call is one peer's stream of batches, which ends when the server stops.</summary>
public sealed class RaftTransportService(RaftReceiver receiver, IHostApplicationLifetime lifetime) : RaftTransport.RaftTransportBase
{
    public override async Task<StreamSummary> Stream(IAsyncStreamReader<RaftBatch> requestStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requestStream);
        ArgumentNullException.ThrowIfNull(context);
        var summary = new StreamSummary();
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        try
        {
            while (await requestStream.MoveNext(ending.Token).ConfigureAwait(false))
            {
                var batch = requestStream.Current;
                if (batch.ToNode != receiver.Sink.Id)
                {
                    throw new RpcException(new Status(
                        StatusCode.FailedPrecondition,
                        $"This is node {receiver.Sink.Id}, not node {batch.ToNode}: node {batch.FromNode} has a wrong address for it."));
                }

                summary.Messages += (ulong)receiver.Deliver(batch);
                summary.Batches++;
            }
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // The server is stopping: end the call so shutdown need not wait for the peer.
        }

        return summary;
    }
}
