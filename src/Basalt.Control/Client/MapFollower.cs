using Basalt.Metadata.Events;
using Basalt.Metadata.MemDs;
using Basalt.Protocol.Meta.V1;
using Grpc.Core;

namespace Basalt.Control.Client;

/// <summary>
/// Keeps a <see cref="MemDsStore"/> current from the meta service's <c>Watch</c> stream: applies the
/// pushed events in version order (a snapshot when the member says the follower is too far
/// behind, or after a gap), and when the stream breaks reconnects to the next member after a short
/// backoff, asking for what follows the store's version. <see cref="Changed"/> completes on the
/// next applied change; <see cref="WaitForVersionAsync"/> waits for a version (a change's reply).
/// </summary>
public sealed class MapFollower : IAsyncDisposable
{
    private readonly MetaClient _meta;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _synced = NewSignal();
    private TaskCompletionSource _changed = NewSignal();
    private Task _loop = Task.CompletedTask;
    private long _reconnects;
    private long _resyncs;

    public MapFollower(MetaClient meta, MemDsStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(meta);
        _meta = meta;
        Store = store ?? new MemDsStore();
    }

    /// <summary>The map as followed so far (lock-free reads).</summary>
    public MemDsStore Store { get; }

    /// <summary>Completes at the next change applied to <see cref="Store"/> (take it, check the store, then await it).</summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    /// <summary>Completes once a member's stream answered for the first time (the store then holds that member's map).</summary>
    public Task Synced => _synced.Task;

    /// <summary>Raised after each batch of changes, with the store's new version (on the follower's loop: keep it short).</summary>
    public event Action<ulong>? VersionChanged;

    /// <summary>Streams that ended and were opened again.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>Times the store was reloaded from a snapshot.</summary>
    public long Resyncs => Interlocked.Read(ref _resyncs);

    /// <summary>Starts following in the background.</summary>
    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Completes once the store is at <paramref name="version"/> or beyond.</summary>
    public async Task WaitForVersionAsync(ulong version, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var next = Changed;
            if (Store.Version >= version)
            {
                return;
            }

            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var member = _meta.Preferred;
        var backoff = _meta.Options.InitialBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (await FollowAsync(member, cancellationToken).ConfigureAwait(false))
                {
                    backoff = _meta.Options.InitialBackoff;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is RpcException or IOException or HttpRequestException or InvalidDataException)
            {
                // The member went away or sent something unusable: try the next one.
            }

            Interlocked.Increment(ref _reconnects);
            member = _meta.NextAfter(member);
            try
            {
                await Task.Delay(backoff, _meta.Options.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _meta.Options.MaxBackoff.Ticks));
        }
    }

    /// <summary>Follows one member's stream until it ends; true when it delivered anything.</summary>
    private async Task<bool> FollowAsync(Uri member, CancellationToken cancellationToken)
    {
        var client = _meta.ClientFor(member);
        using var call = client.Watch(new WatchRequest { AfterVersion = Store.Version }, cancellationToken: cancellationToken);
        var delivered = false;
        while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            delivered = true;
            var changes = call.ResponseStream.Current;
            var moved = false;
            if (changes.Snapshot is { } snapshot && !snapshot.Image.IsEmpty)
            {
                moved |= Store.Restore(snapshot.Image.Span);
                Interlocked.Increment(ref _resyncs);
            }

            foreach (var bytes in changes.Events)
            {
                var e = MapEvent.Decode(bytes.Span);
                var status = Store.Apply(e);
                if (status == MemDsApplyStatus.Gap)
                {
                    // The member skipped versions: reload the whole map, then carry on.
                    var map = await _meta.GetMapAsync(cancellationToken).ConfigureAwait(false);
                    Store.Restore(map.Image.Span);
                    Interlocked.Increment(ref _resyncs);
                    status = Store.Apply(e);
                    moved = true;
                }

                moved |= status == MemDsApplyStatus.Applied;
            }

            if (moved)
            {
                Signal();
            }

            _synced.TrySetResult();
        }

        return delivered;
    }

    private void Signal()
    {
        var old = Interlocked.Exchange(ref _changed, NewSignal());
        old.TrySetResult();
        VersionChanged?.Invoke(Store.Version);
    }
}
