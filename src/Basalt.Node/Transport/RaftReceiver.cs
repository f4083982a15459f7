using Basalt.Protocol.Node.V1;

namespace Basalt.Node.Transport;

/// <summary>The receiving end of the transport on one node or meta member: hands every received message to its sink.</summary>
public sealed class RaftReceiver
{
    private long _batches;
    private long _messages;
    private long _rejected;

    public RaftReceiver(IRaftMessageSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        Sink = sink;
    }

    public IRaftMessageSink Sink { get; }

    /// <summary>Batches received.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Messages delivered to the node.</summary>
    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>Messages not delivered: malformed, or addressed to another node.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Delivers a batch's messages; returns how many were delivered.</summary>
    public int Deliver(RaftBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Interlocked.Increment(ref _batches);
        var delivered = 0;
        foreach (var wire in batch.Messages)
        {
            Replication.Message message;
            ulong group;
            try
            {
                (group, message) = RaftWire.FromWire(wire);
            }
            catch (FormatException)
            {
                Interlocked.Increment(ref _rejected);
                continue;
            }

            if (message.To != Sink.Id)
            {
                Interlocked.Increment(ref _rejected);
                continue;
            }

            Interlocked.Increment(ref _messages);
            Sink.Deliver(group, message);
            delivered++;
        }

        return delivered;
    }
}
