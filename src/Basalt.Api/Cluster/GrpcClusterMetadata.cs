using Basalt.Protocol.Meta.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Basalt.Api.Cluster;

/// <summary>
/// <see cref="IClusterMetadata"/> over the meta members' gRPC service: follows NOT_LEADER hints,
/// moves on to the next member on UNAVAILABLE or a failed connection, with backoff, until
/// <see cref="Deadline"/> has passed; then returns the last reply (or UNAVAILABLE).
/// </summary>
public sealed class GrpcClusterMetadata : IClusterMetadata, IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, GrpcChannel> _channels = new(StringComparer.Ordinal);
    private readonly List<string> _members;
    private int _current;

    public GrpcClusterMetadata(IReadOnlyList<Uri> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentOutOfRangeException.ThrowIfZero(members.Count);
        _members = [.. members.Select(m => m.ToString().TrimEnd('/'))];
    }

    /// <summary>How long one call keeps trying members.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(15);

    public Task<MetaReply> RegisterNodeAsync(RegisterNodeRequest request, CancellationToken cancellationToken) =>
        CallAsync((c, t) => c.RegisterNodeAsync(request, cancellationToken: t).ResponseAsync, r => (r.Status, r.LeaderAddress), Unavailable, cancellationToken);

    public Task<HeartbeatReply> HeartbeatAsync(HeartbeatRequest request, CancellationToken cancellationToken) =>
        CallAsync(
            (c, t) => c.HeartbeatAsync(request, cancellationToken: t).ResponseAsync,
            r => (r.Status, r.LeaderAddress),
            m => new HeartbeatReply { Status = MetaStatus.Unavailable },
            cancellationToken,
            once: true);

    public Task<MetaReply> CreateTableAsync(CreateTableRequest request, CancellationToken cancellationToken) =>
        CallAsync((c, t) => c.CreateTableAsync(request, cancellationToken: t).ResponseAsync, r => (r.Status, r.LeaderAddress), Unavailable, cancellationToken);

    public Task<MetaReply> UpdateTableAsync(UpdateTableRequest request, CancellationToken cancellationToken) =>
        CallAsync((c, t) => c.UpdateTableAsync(request, cancellationToken: t).ResponseAsync, r => (r.Status, r.LeaderAddress), Unavailable, cancellationToken);

    public Task<MetaReply> DeleteTableAsync(DeleteTableRequest request, CancellationToken cancellationToken) =>
        CallAsync((c, t) => c.DeleteTableAsync(request, cancellationToken: t).ResponseAsync, r => (r.Status, r.LeaderAddress), Unavailable, cancellationToken);

    /// <summary>A client of one of the members (the current one first), for streaming reads.</summary>
    public Meta.MetaClient Client(int attempt)
    {
        lock (_lock)
        {
            return new Meta.MetaClient(Channel(_members[(_current + attempt) % _members.Count]));
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var channel in _channels.Values)
            {
                channel.Dispose();
            }

            _channels.Clear();
        }
    }

    private static MetaReply Unavailable(string message) => new() { Status = MetaStatus.Unavailable, Message = message };

    private async Task<T> CallAsync<T>(
        Func<Meta.MetaClient, CancellationToken, Task<T>> call,
        Func<T, (MetaStatus Status, string LeaderAddress)> status,
        Func<string, T> unavailable,
        CancellationToken cancellationToken,
        bool once = false)
    {
        var deadline = DateTime.UtcNow + Deadline;
        var backoff = TimeSpan.FromMilliseconds(25);
        T? last = default;
        var message = "no meta member answered";
        for (var attempt = 0; ; attempt++)
        {
            string member;
            lock (_lock)
            {
                member = _members[_current];
            }

            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                var reply = await call(new Meta.MetaClient(Channel(member)), timeout.Token).ConfigureAwait(false);
                last = reply;
                var (code, leader) = status(reply);
                if (code == MetaStatus.NotLeader && leader.Length > 0 && !once && DateTime.UtcNow < deadline)
                {
                    Prefer(leader);
                    continue;
                }

                if (code is MetaStatus.Ok or MetaStatus.Rejected)
                {
                    return reply;
                }

                Next(member);
            }
            catch (RpcException error) when (!cancellationToken.IsCancellationRequested && error.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Cancelled or StatusCode.Internal or StatusCode.Unknown)
            {
                message = error.Status.Detail;
                Next(member);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                message = "a meta member did not answer in time";
                Next(member);
            }

            if (once || DateTime.UtcNow + backoff > deadline)
            {
                return last ?? unavailable(message);
            }

            await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromMilliseconds(500).Ticks));
        }
    }

    private void Prefer(string leader)
    {
        lock (_lock)
        {
            var address = leader.TrimEnd('/');
            var index = _members.IndexOf(address);
            if (index < 0)
            {
                _members.Add(address);
                index = _members.Count - 1;
            }

            _current = index;
        }
    }

    private void Next(string failed)
    {
        lock (_lock)
        {
            if (_members[_current] == failed)
            {
                _current = (_current + 1) % _members.Count;
            }
        }
    }

    private GrpcChannel Channel(string member)
    {
        lock (_lock)
        {
            if (!_channels.TryGetValue(member, out var channel))
            {
                channel = GrpcChannel.ForAddress(member);
                _channels[member] = channel;
            }

            return channel;
        }
    }
}
