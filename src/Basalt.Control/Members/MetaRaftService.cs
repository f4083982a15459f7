using Basalt.Node.Transport;
using Basalt.Protocol.Node.V1;
using Grpc.Core;
using Microsoft.Extensions.Hosting;

namespace Basalt.Control.Members;

/// <summary>The Raft transport's receiving end on a meta member: every batch's group-0 messages go to the member.</summary>
public sealed class MetaRaftService(MetaMember member, IHostApplicationLifetime lifetime) : RaftTransport.RaftTransportBase
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
                if (batch.ToNode != member.Id)
                {
                    throw new RpcException(new Status(StatusCode.FailedPrecondition, $"This is meta member {member.Id}, not {batch.ToNode}."));
                }

                foreach (var wire in batch.Messages)
                {
                    try
                    {
                        var (group, message) = RaftWire.FromWire(wire);
                        if (group == MetaStorage.Group && message.To == member.Id)
                        {
                            member.Deliver(message);
                            summary.Messages++;
                        }
                    }
                    catch (FormatException)
                    {
                        // A malformed message is dropped; Raft retransmits.
                    }
                }

                summary.Batches++;
            }
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
        }

        return summary;
    }
}
