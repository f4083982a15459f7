using Basalt.Protocol.Meta.V1;

namespace Basalt.Control.Members;

/// <summary>Settings of a member's Meta service.</summary>
public sealed record MetaServiceOptions
{
    /// <summary>A node not heard from for this long is unhealthy (and, for autoadmin, dead).</summary>
    public TimeSpan FailureDetection { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a change waits to be applied before it answers UNAVAILABLE.</summary>
    public TimeSpan ProposalTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Events per Watch message.</summary>
    public int WatchBatch { get; init; } = 256;

    /// <summary>How a follower asks the leader for Status (null: answer its own view).</summary>
    public Func<Uri, CancellationToken, Task<StatusReply>>? ForwardStatus { get; init; }
}
