using Basalt.Metadata.Group;
using Basalt.Metadata.MemDs;

namespace Basalt.Simulation.ClusterMode;

/// <summary>
/// MemDS in cluster mode: the real <see cref="MemDsStore"/> kept by the real <see cref="MemDsSync"/>
/// from the change stream of whichever meta member is up when it polls (followers lag; a restarted
/// member's stream starts at its snapshot), polled at random virtual times so routers see stale maps.
/// </summary>
internal sealed class SimMemDs
{
    private readonly MemDsSync sync;
    private MetaGroupMember? member;

    public SimMemDs() => sync = new MemDsSync(Store, new Source(this), batchSize: 8);

    public MemDsStore Store { get; } = new();

    public long Resyncs => sync.Resyncs;

    public long Polls { get; private set; }

    /// <summary>One poll of <paramref name="from"/>'s change stream (synchronous: the members are in this process).</summary>
    public void Poll(MetaGroupMember from)
    {
        Polls++;
        member = from;
        var poll = sync.PollAsync();
        if (!poll.IsCompleted)
        {
            throw new InvalidOperationException("A MemDS poll of an in-process meta member must complete synchronously.");
        }

        poll.GetAwaiter().GetResult();
        member = null;
    }

    private sealed class Source(SimMemDs memDs) : IMapChangeSource
    {
        public ValueTask<MapChangeBatch> ReadAsync(ulong afterVersion, int max, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(memDs.member!.ReadChanges(afterVersion, max));

        public ValueTask<ReadOnlyMemory<byte>> SnapshotAsync(CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<ReadOnlyMemory<byte>>(memDs.member!.SnapshotBytes());
    }
}
