using System.Collections.Concurrent;
using Basalt.Protocol.Meta.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Basalt.Control.Client;

/// <summary>
/// Calls the meta service (<c>basalt.meta.v1.Meta</c>) on a group of members. A change goes to the
/// member believed to lead; a NOT_LEADER answer moves the call to the leader it names (or the next
/// member), and UNAVAILABLE answers or unreachable members (RPC status Unavailable or
/// DeadlineExceeded) are retried with backoff on the next member until the retry budget runs out
/// (<see cref="MetaUnavailableException"/>) or the call is cancelled. OK and REJECTED answers are
/// returned as they are. Thread-safe; one instance per process is enough.
/// </summary>
public sealed class MetaClient : IDisposable
{
    private readonly List<Uri> _members;
    private readonly ConcurrentDictionary<string, (GrpcChannel Channel, Meta.MetaClient Client)> _clients = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _membersGate = new();
    private int _preferred;

    public MetaClient(IReadOnlyList<Uri> members, MetaClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0)
        {
            throw new ArgumentException("At least one meta member address is needed.", nameof(members));
        }

        _members = [.. members];
        Options = options ?? new MetaClientOptions();
    }

    public MetaClientOptions Options { get; }

    /// <summary>The members known (the configured ones, then leaders learned from hints).</summary>
    public IReadOnlyList<Uri> Members
    {
        get
        {
            lock (_membersGate)
            {
                return [.. _members];
            }
        }
    }

    /// <summary>Attempts that were retried (not leader, unavailable, unreachable).</summary>
    public long Retries => Interlocked.Read(ref _retries);

    private long _retries;

    /// <summary>The generated client for a member (streams such as Watch use it directly).</summary>
    public Meta.MetaClient ClientFor(Uri member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return Entry(member).Client;
    }

    public Task<MetaReply> RegisterNodeAsync(RegisterNodeRequest request, CancellationToken cancellationToken = default) =>
        ChangeAsync((c, o) => c.RegisterNodeAsync(request, o), cancellationToken);

    public Task<MetaReply> CreateTableAsync(CreateTableRequest request, CancellationToken cancellationToken = default) =>
        ChangeAsync((c, o) => c.CreateTableAsync(request, o), cancellationToken);

    public Task<MetaReply> UpdateTableAsync(UpdateTableRequest request, CancellationToken cancellationToken = default) =>
        ChangeAsync((c, o) => c.UpdateTableAsync(request, o), cancellationToken);

    public Task<MetaReply> DeleteTableAsync(DeleteTableRequest request, CancellationToken cancellationToken = default) =>
        ChangeAsync((c, o) => c.DeleteTableAsync(request, o), cancellationToken);

    public Task<HeartbeatReply> HeartbeatAsync(HeartbeatRequest request, CancellationToken cancellationToken = default) =>
        CallAsync((c, o) => c.HeartbeatAsync(request, o), r => (r.Status, r.LeaderAddress), cancellationToken);

    /// <summary>The whole map from any member that answers (the leader preferred).</summary>
    public Task<MapSnapshot> GetMapAsync(CancellationToken cancellationToken = default) =>
        CallAsync((c, o) => c.GetMapAsync(new GetMapRequest(), o), _ => (MetaStatus.Ok, string.Empty), cancellationToken);

    /// <summary>Cluster status from the leader (the member that tracks health); a follower's answer is its own view.</summary>
    public Task<StatusReply> StatusAsync(CancellationToken cancellationToken = default) =>
        CallAsync((c, o) => c.StatusAsync(new StatusRequest(), o), _ => (MetaStatus.Ok, string.Empty), cancellationToken);

    /// <summary>The member to try first: the last one that answered as leader.</summary>
    public Uri Preferred
    {
        get
        {
            lock (_membersGate)
            {
                return _members[_preferred % _members.Count];
            }
        }
    }

    public void Dispose()
    {
        foreach (var entry in _clients.Values)
        {
            entry.Channel.Dispose();
        }

        _clients.Clear();
    }

    private Task<MetaReply> ChangeAsync(Func<Meta.MetaClient, CallOptions, AsyncUnaryCall<MetaReply>> call, CancellationToken cancellationToken) =>
        CallAsync(call, r => (r.Status, r.LeaderAddress), cancellationToken);

    /// <summary>Runs one unary call with leader following and retries (see the class summary).</summary>
    public async Task<T> CallAsync<T>(
        Func<Meta.MetaClient, CallOptions, AsyncUnaryCall<T>> call,
        Func<T, (MetaStatus Status, string LeaderAddress)> status,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(status);
        var time = Options.Time;
        var start = time.GetTimestamp();
        var backoff = Options.InitialBackoff;
        var member = Preferred;
        string? lastProblem = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var options = new CallOptions(deadline: DateTime.UtcNow + Options.CallTimeout, cancellationToken: cancellationToken);
                var reply = await call(Entry(member).Client, options).ConfigureAwait(false);
                var (s, leader) = status(reply);
                switch (s)
                {
                    case MetaStatus.Ok or MetaStatus.Rejected:
                        Prefer(member);
                        return reply;
                    case MetaStatus.NotLeader when TryParse(leader, out var hinted) && !SameMember(hinted, member):
                        // Go straight to the named leader, without waiting.
                        Interlocked.Increment(ref _retries);
                        member = Learn(hinted);
                        Prefer(member);
                        continue;
                    default:
                        lastProblem = $"{member} answered {s}";
                        break;
                }
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Cancelled
                && !cancellationToken.IsCancellationRequested)
            {
                lastProblem = $"{member}: {e.Status.StatusCode} {e.Status.Detail}";
            }
            catch (RpcException e) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("The meta call was cancelled.", e, cancellationToken);
            }
            catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
            {
                lastProblem = $"{member}: {e.Message}";
            }

            Interlocked.Increment(ref _retries);
            if (time.GetElapsedTime(start) + backoff > Options.RetryBudget)
            {
                throw new MetaUnavailableException($"No meta member took the call within {Options.RetryBudget}; last: {lastProblem}");
            }

            await Task.Delay(backoff, time, cancellationToken).ConfigureAwait(false);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, Options.MaxBackoff.Ticks));
            member = NextAfter(member);
        }
    }

    /// <summary>The member after <paramref name="member"/> in the list (round robin).</summary>
    internal Uri NextAfter(Uri member)
    {
        lock (_membersGate)
        {
            var i = _members.FindIndex(m => SameMember(m, member));
            return _members[(i + 1) % _members.Count];
        }
    }

    private void Prefer(Uri member)
    {
        lock (_membersGate)
        {
            var i = _members.FindIndex(m => SameMember(m, member));
            if (i >= 0)
            {
                _preferred = i;
            }
        }
    }

    private Uri Learn(Uri address)
    {
        lock (_membersGate)
        {
            var existing = _members.Find(m => SameMember(m, address));
            if (existing is not null)
            {
                return existing;
            }

            _members.Add(address);
            return address;
        }
    }

    private (GrpcChannel Channel, Meta.MetaClient Client) Entry(Uri member) =>
        _clients.GetOrAdd(Key(member), static (_, uri) =>
        {
            var channel = GrpcChannel.ForAddress(uri, new GrpcChannelOptions
            {
                HttpHandler = new SocketsHttpHandler
                {
                    ConnectTimeout = TimeSpan.FromSeconds(2),
                    EnableMultipleHttp2Connections = true,
                    PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                    KeepAlivePingDelay = TimeSpan.FromSeconds(10),
                    KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
                },
            });
            return (channel, new Meta.MetaClient(channel));
        }, member);

    private static string Key(Uri u) => u.GetLeftPart(UriPartial.Authority);

    private static bool SameMember(Uri a, Uri b) => string.Equals(Key(a), Key(b), StringComparison.OrdinalIgnoreCase);

    private static bool TryParse(string address, out Uri uri)
    {
        uri = null!;
        return !string.IsNullOrEmpty(address) && Uri.TryCreate(address, UriKind.Absolute, out uri!);
    }
}
