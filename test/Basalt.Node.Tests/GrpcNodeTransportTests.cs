using System.Net;
using System.Net.Sockets;
using Basalt.Node.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Basalt.Node.Tests;

/// <summary>The transport against a real gRPC server on loopback; time for backoff is virtual.</summary>
public sealed class GrpcNodeTransportTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task One_flush_sends_every_group_s_messages_to_a_peer_as_one_batch()
    {
        var (server, deliveries) = await Loopback.ReceiverAsync(2);
        await using var _ = server;
        await using var transport = new GrpcNodeTransport(1, new Dictionary<ulong, Uri> { [2] = server.Url });
        var batch = new TaskCompletionSource<PeerStats>(TaskCreationOptions.RunContinuationsAsynchronously);
        transport.OnBatch(stats => batch.TrySetResult(stats));
        for (ulong group = 1; group <= 100; group++)
        {
            transport.Send(group, Loopback.Heartbeat(1, 2, group));
        }

        transport.Flush();
        var stats = await batch.Task.WaitAsync(Deadline, TestContext.Current.CancellationToken);
        await deliveries.WhenAtLeast(100).WaitAsync(Deadline, TestContext.Current.CancellationToken);

        Assert.Equal(100, stats.MessagesSent);
        Assert.Equal(1, stats.BatchesSent);
        Assert.Equal(1, stats.Connects);
        Assert.True(stats.Connected);
        Assert.Equal(1, Assert.Single(transport.Stats).BatchesSent);
        Assert.Equal(1, server.Receiver.Batches);
        Assert.Equal(100, server.Receiver.Messages);
    }

    [Fact]
    public async Task Messages_wait_for_the_flush()
    {
        var (server, deliveries) = await Loopback.ReceiverAsync(2);
        await using var _ = server;
        await using var transport = new GrpcNodeTransport(1, new Dictionary<ulong, Uri> { [2] = server.Url });
        var batches = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        transport.OnBatch(_ => batches.TrySetResult());

        transport.Send(1, Loopback.Heartbeat(1, 2));
        transport.Send(2, Loopback.Heartbeat(1, 2));
        Assert.Equal(0, transport.Stats[0].BatchesSent);

        transport.Flush();
        await batches.Task.WaitAsync(Deadline, TestContext.Current.CancellationToken);
        await deliveries.WhenAtLeast(2).WaitAsync(Deadline, TestContext.Current.CancellationToken);
        Assert.Equal(1, transport.Stats[0].BatchesSent);
    }

    [Fact]
    public async Task A_full_queue_drops_new_messages_without_blocking()
    {
        await using var transport = new GrpcNodeTransport(
            1,
            new Dictionary<ulong, Uri> { [2] = Loopback.Url(Loopback.FreePort()) },
            new GrpcTransportOptions { MaxQueuedMessages = 10 });
        for (var i = 0; i < 25; i++)
        {
            transport.Send(1, Loopback.Heartbeat(1, 2));
        }

        Assert.Equal(15, transport.Stats[0].MessagesDropped);
    }

    [Fact]
    public async Task A_peer_learned_later_receives_messages_and_a_changed_address_replaces_its_connection()
    {
        var (first, firstDeliveries) = await Loopback.ReceiverAsync(2);
        await using var _ = first;
        var (second, secondDeliveries) = await Loopback.ReceiverAsync(2);
        await using var __ = second;
        await using var transport = new GrpcNodeTransport(1, new Dictionary<ulong, Uri>());
        transport.Send(1, Loopback.Heartbeat(1, 2));
        Assert.Equal(1, transport.UnknownPeerDrops);

        Assert.True(transport.SetPeer(2, first.Url));
        Assert.False(transport.SetPeer(2, first.Url));
        Assert.False(transport.SetPeer(1, second.Url));
        Assert.Equal(first.Url, transport.AddressOf(2));
        transport.Send(1, Loopback.Heartbeat(1, 2));
        transport.Flush();
        await firstDeliveries.WhenAtLeast(1).WaitAsync(Deadline, TestContext.Current.CancellationToken);

        Assert.True(transport.SetPeer(2, second.Url));
        transport.Send(1, Loopback.Heartbeat(1, 2));
        transport.Flush();
        await secondDeliveries.WhenAtLeast(1).WaitAsync(Deadline, TestContext.Current.CancellationToken);
        Assert.Equal(1, firstDeliveries.Count);
        Assert.Equal(1, transport.UnknownPeerDrops);
    }

    [Fact]
    public async Task Messages_to_a_node_with_no_address_are_dropped()
    {
        await using var transport = new GrpcNodeTransport(1, new Dictionary<ulong, Uri> { [1] = Loopback.Url(1), [2] = Loopback.Url(2) });
        transport.Send(1, Loopback.Heartbeat(1, 3));
        transport.Send(1, Loopback.Heartbeat(1, 1));
        Assert.Equal(2, transport.UnknownPeerDrops);
        Assert.Equal(2UL, Assert.Single(transport.Stats).Peer);
    }

    [Fact]
    public async Task An_unreachable_peer_s_messages_are_dropped_until_the_backoff_has_passed_then_it_reconnects()
    {
        var port = Loopback.FreePort();
        var time = new FakeTimeProvider();
        var options = new GrpcTransportOptions { MinBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(8) };
        await using var transport = new GrpcNodeTransport(1, new Dictionary<ulong, Uri> { [2] = Loopback.Url(port) }, options, time);
        var batch = new TaskCompletionSource<PeerStats>(TaskCreationOptions.RunContinuationsAsynchronously);
        transport.OnBatch(stats => batch.TrySetResult(stats));

        // Nothing listens: the batch fails and is dropped.
        for (ulong group = 1; group <= 3; group++)
        {
            transport.Send(group, Loopback.Heartbeat(1, 2));
        }

        transport.Flush();
        var failed = await batch.Task.WaitAsync(Deadline, TestContext.Current.CancellationToken);
        Assert.Equal(1, failed.Failures);
        Assert.Equal(3, failed.MessagesDropped);
        Assert.False(failed.Connected);

        // Within the backoff, messages are dropped at once.
        transport.Send(1, Loopback.Heartbeat(1, 2));
        transport.Send(2, Loopback.Heartbeat(1, 2));
        Assert.Equal(5, transport.Stats[0].MessagesDropped);

        // The peer comes up; once the backoff has passed, the next flush reconnects.
        var (server, deliveries) = await Loopback.ReceiverAsync(2, port);
        await using var _ = server;
        time.Advance(options.MinBackoff);
        batch = new TaskCompletionSource<PeerStats>(TaskCreationOptions.RunContinuationsAsynchronously);
        for (ulong group = 1; group <= 4; group++)
        {
            transport.Send(group, Loopback.Heartbeat(1, 2));
        }

        transport.Flush();
        var sent = await batch.Task.WaitAsync(Deadline, TestContext.Current.CancellationToken);
        await deliveries.WhenAtLeast(4).WaitAsync(Deadline, TestContext.Current.CancellationToken);
        Assert.True(sent.Connected);
        Assert.Equal(2, sent.Connects);
        Assert.Equal(4, sent.MessagesSent);
        Assert.Equal(1, sent.BatchesSent);
        Assert.Equal(5, sent.MessagesDropped);
    }

    [Fact]
    public async Task A_peer_that_accepts_connections_but_never_answers_breaks_the_call_at_the_write_timeout()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        silent.Listen();
        var time = new FakeTimeProvider();
        var options = new GrpcTransportOptions { WriteTimeout = TimeSpan.FromSeconds(5) };
        await using var transport = new GrpcNodeTransport(
            1, new Dictionary<ulong, Uri> { [2] = Loopback.Url(((IPEndPoint)silent.LocalEndPoint!).Port) }, options, time);
        var batch = new TaskCompletionSource<PeerStats>(TaskCreationOptions.RunContinuationsAsynchronously);
        transport.OnBatch(stats => batch.TrySetResult(stats));

        // More than HTTP/2's initial 64 KB flow-control window: without the peer's word, it cannot all be written.
        transport.Send(1, new Replication.Message { Type = Replication.MessageType.Snapshot, From = 1, To = 2, Term = 1, Data = new byte[256 * 1024] });
        transport.Flush();
        using var accepted = await silent.AcceptAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(Deadline, TestContext.Current.CancellationToken);
        Assert.False(batch.Task.IsCompleted, "the write waits for the silent peer");

        time.Advance(options.WriteTimeout);
        var failed = await batch.Task.WaitAsync(Deadline, TestContext.Current.CancellationToken);
        Assert.Equal(1, failed.Failures);
        Assert.Equal(1, failed.MessagesDropped);
        Assert.Equal(0, failed.BatchesSent);
        Assert.False(failed.Connected);
    }

    [Fact]
    public void The_receiver_rejects_messages_for_another_node_and_malformed_ones()
    {
        var node = new StorageNode(2, new Storage.InMemoryStorageEngine(), new InProcessTransport());
        var receiver = new RaftReceiver(node);
        var batch = new Protocol.Node.V1.RaftBatch { FromNode = 1, ToNode = 2 };
        batch.Messages.Add(RaftWire.ToWire(1, Loopback.Heartbeat(1, 2)));
        batch.Messages.Add(RaftWire.ToWire(1, Loopback.Heartbeat(1, 3)));
        batch.Messages.Add(new Protocol.Node.V1.RaftMessage { To = 2 });

        Assert.Equal(1, receiver.Deliver(batch));
        Assert.Equal(1, receiver.Messages);
        Assert.Equal(2, receiver.Rejected);
    }
}
