using Basalt.Metadata.Events;
using Basalt.Metadata.Group;

namespace Basalt.Metadata.MemDs;

/// <summary>
/// Keeps a <see cref="MemDsStore"/> up to date from a change stream: applies events in version
/// order, and when the stream has moved past what it holds or an event arrives after a gap,
/// reloads the whole map from a snapshot and carries on from there.
/// </summary>
public sealed class MemDsSync(MemDsStore store, IMapChangeSource source, int batchSize = 256)
{
    private long resyncs;

    /// <summary>How many times the store was reloaded from a snapshot.</summary>
    public long Resyncs => Interlocked.Read(ref resyncs);

    /// <summary>Reads and applies what the stream holds beyond the store's version; returns how many events were applied.</summary>
    public async ValueTask<int> PollAsync(CancellationToken cancellationToken = default)
    {
        var applied = 0;
        var resynced = false;
        while (true)
        {
            var batch = await source.ReadAsync(store.Version, batchSize, cancellationToken).ConfigureAwait(false);
            if (batch.Truncated)
            {
                if (resynced)
                {
                    // The source's snapshot is older than its own stream: try again on the next poll.
                    return applied;
                }

                await ResyncAsync(cancellationToken).ConfigureAwait(false);
                resynced = true;
                continue;
            }

            if (batch.Events.Count == 0)
            {
                return applied;
            }

            applied += await DeliverAsync(batch.Events, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Applies pushed events; on a gap, resyncs from a snapshot and applies those still newer.</summary>
    public async ValueTask<int> DeliverAsync(IReadOnlyList<MapEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var applied = 0;
        foreach (var e in events)
        {
            var status = store.Apply(e);
            if (status == MemDsApplyStatus.Gap)
            {
                await ResyncAsync(cancellationToken).ConfigureAwait(false);
                status = store.Apply(e);
            }

            if (status == MemDsApplyStatus.Applied)
            {
                applied++;
            }
        }

        return applied;
    }

    private async ValueTask ResyncAsync(CancellationToken cancellationToken)
    {
        var snapshot = await source.SnapshotAsync(cancellationToken).ConfigureAwait(false);
        store.Restore(snapshot.Span);
        Interlocked.Increment(ref resyncs);
    }
}
