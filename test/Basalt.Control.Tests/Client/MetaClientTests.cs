using System.Net;
using System.Net.Sockets;
using Basalt.Control.Client;
using Basalt.Protocol.Meta.V1;

namespace Basalt.Control.Tests.Client;

public sealed class MetaClientTests
{
    private static readonly MetaClientOptions Fast = new() { InitialBackoff = TimeSpan.FromMilliseconds(1), MaxBackoff = TimeSpan.FromMilliseconds(5) };

    [Fact]
    public async Task FollowsTheNotLeaderHintToTheLeader()
    {
        await using var leader = await FakeMetaServer.StartAsync(_ => new MetaReply { Status = MetaStatus.Ok, TableId = 7 });
        await using var follower = await FakeMetaServer.StartAsync(_ => new MetaReply { Status = MetaStatus.NotLeader, LeaderAddress = leader.Url.ToString() });
        using var client = new MetaClient([follower.Url, leader.Url], Fast);

        var reply = await client.CreateTableAsync(new CreateTableRequest { Name = "t" }, TestContext.Current.CancellationToken);
        var again = await client.CreateTableAsync(new CreateTableRequest { Name = "u" }, TestContext.Current.CancellationToken);

        Assert.Equal((MetaStatus.Ok, 7UL), (reply.Status, reply.TableId));
        Assert.Equal(MetaStatus.Ok, again.Status);
        // The second call went straight to the leader it learned.
        Assert.Equal((1, 2), (follower.Service.Calls, leader.Service.Calls));
    }

    [Fact]
    public async Task RetriesUnreachableAndUnavailableMembers()
    {
        var unavailable = 0;
        await using var busy = await FakeMetaServer.StartAsync(_ =>
            Interlocked.Increment(ref unavailable) <= 3 ? new MetaReply { Status = MetaStatus.Unavailable } : new MetaReply { Status = MetaStatus.Ok });
        using var client = new MetaClient([ClosedPort(), busy.Url], Fast);

        var reply = await client.CreateTableAsync(new CreateTableRequest { Name = "t" }, TestContext.Current.CancellationToken);

        Assert.Equal(MetaStatus.Ok, reply.Status);
        Assert.Equal(4, busy.Service.Calls);
        Assert.True(client.Retries >= 4, $"retries {client.Retries}");
    }

    [Fact]
    public async Task RejectedIsAnAnswerNotARetry()
    {
        await using var leader = await FakeMetaServer.StartAsync(_ => new MetaReply { Status = MetaStatus.Rejected, Message = "table r/t exists" });
        using var client = new MetaClient([leader.Url], Fast);

        var reply = await client.CreateTableAsync(new CreateTableRequest { Name = "t" }, TestContext.Current.CancellationToken);

        Assert.Equal(MetaStatus.Rejected, reply.Status);
        Assert.Equal(1, leader.Service.Calls);
    }

    [Fact]
    public async Task GivesUpWhenTheBudgetRunsOut()
    {
        using var client = new MetaClient([ClosedPort()], Fast with { RetryBudget = TimeSpan.Zero });

        await Assert.ThrowsAsync<MetaUnavailableException>(() => client.CreateTableAsync(new CreateTableRequest(), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task CancellationStopsRetrying()
    {
        using var client = new MetaClient([ClosedPort()], Fast with { RetryBudget = TimeSpan.FromHours(1) });
        using var cancel = new CancellationTokenSource();
        var call = client.CreateTableAsync(new CreateTableRequest(), cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    /// <summary>A loopback address nothing listens on.</summary>
    internal static Uri ClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return new Uri($"http://127.0.0.1:{((IPEndPoint)socket.LocalEndPoint!).Port}");
    }
}
