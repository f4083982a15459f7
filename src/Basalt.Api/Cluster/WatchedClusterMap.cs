using Basalt.Metadata.Events;
using Basalt.Metadata.MemDs;
using Basalt.Protocol.Meta.V1;
using Grpc.Core;

namespace Basalt.Api.Cluster;

/// <summary>
/// <see cref="IClusterMap"/> fed by the meta members' <c>Watch</c> stream: applies events (and
/// snapshots when the stream says the reader is too far behind, or after a gap) to a
/// <see cref="MemDsStore"/>, reconnecting to another member when the stream fails.
/// </summary>
public sealed class WatchedClusterMap : IClusterMap, IAsyncDisposable
{
    private readonly GrpcClusterMetadata _meta;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _loop = Task.CompletedTask;

    public WatchedClusterMap(GrpcClusterMetadata meta)
    {
        ArgumentNullException.ThrowIfNull(meta);
        _meta = meta;
    }

    public MemDsStore Store { get; } = new();

    public Task Changed
    {
        get
        {
            lock (_lock)
            {
                return _changed.Task;
            }
        }
    }

    /// <summary>Starts following the stream.</summary>
    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    public async Task WaitForVersionAsync(ulong version, CancellationToken cancellationToken)
    {
        while (true)
        {
            var changed = Changed;
            if (Store.Version >= version)
            {
                return;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
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

    private void Signal()
    {
        TaskCompletionSource done;
        lock (_lock)
        {
            done = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        done.TrySetResult();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var backoff = TimeSpan.FromMilliseconds(25);
        for (var attempt = 0; !stop.IsCancellationRequested; attempt++)
        {
            try
            {
                var client = _meta.Client(attempt);
                using var call = client.Watch(new WatchRequest { AfterVersion = Store.Version }, cancellationToken: stop);
                await foreach (var changes in call.ResponseStream.ReadAllAsync(stop).ConfigureAwait(false))
                {
                    await ApplyAsync(client, changes, stop).ConfigureAwait(false);
                    backoff = TimeSpan.FromMilliseconds(25);
                }
            }
            catch (Exception e) when (stop.IsCancellationRequested && e is OperationCanceledException or RpcException)
            {
                return;
            }
            catch (RpcException)
            {
            }
            catch (InvalidDataException) when (!stop.IsCancellationRequested)
            {
            }

            try
            {
                await Task.Delay(backoff, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromMilliseconds(500).Ticks));
        }
    }

    private async Task ApplyAsync(Meta.MetaClient client, MapChanges changes, CancellationToken stop)
    {
        var changed = false;
        if (changes.Snapshot is { } snapshot && snapshot.Image.Length > 0)
        {
            changed |= Store.Restore(snapshot.Image.Span);
        }

        foreach (var bytes in changes.Events)
        {
            var status = Store.Apply(MapEvent.Decode(bytes.Span));
            if (status == MemDsApplyStatus.Gap)
            {
                var map = await client.GetMapAsync(new GetMapRequest(), cancellationToken: stop).ConfigureAwait(false);
                Store.Restore(map.Image.Span);
                status = Store.Apply(MapEvent.Decode(bytes.Span));
                changed = true;
            }

            changed |= status == MemDsApplyStatus.Applied;
        }

        if (changed)
        {
            Signal();
        }
    }
}
